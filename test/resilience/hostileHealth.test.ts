/**
 * One hostile request must not freeze the worker: through the real server,
 * health Checks sent every 50 ms from another thread (its own event loop, so
 * the prober is not frozen with the server) while 64 KB calls of the worst
 * shapes for the old regexes are handled are all answered in well under a
 * second. The bound is generous for a busy machine; before the fix each such
 * call kept the server's event loop for 5 to 20 s, and a Check sent meanwhile
 * waited as long.
 */
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Worker } from "node:worker_threads"
import type { RecommendRequest } from "../../src/grpc/generated/recommendation/RecommendRequest.js"
import { FakeOpenAi } from "../support/fakeOpenAi.js"
import { collect } from "../support/grpc.js"
import { fields, largeBytes, shapes, sized } from "./linearity.js"
import { startResilientWorker } from "./support.js"

/** The shapes the issue reproduced, in the fields where they hurt. */
const hostile: ReadonlyArray<readonly [string, string]> = [
  ["title", "x, spaces, x"],
  ["query", "a@ then letters"],
  ["url path", "capitals then !"],
  ["url path", "slashes then x"],
  ["title", "alternating aA1-"],
  ["user id", "letters"]
]

const generousMs = 2_000

interface Sample {
  readonly sentAt: number
  readonly ms: number
  readonly status: string
}

interface Prober {
  readonly thread: Worker
  /** Stops probing and returns every Check it made. */
  readonly stop: () => Promise<ReadonlyArray<Sample>>
}

/** The prober thread, once it is connected; terminated with the scope. */
const startProber = (port: number) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<Prober>((resolve, reject) => {
        const thread = new Worker(new URL("./healthProbe.mjs", import.meta.url), { workerData: { port, intervalMs: 50 } })
        thread.once("error", reject)
        thread.once("message", () =>
          resolve({
            thread,
            stop: () =>
              new Promise((done) => {
                thread.once("message", (samples: ReadonlyArray<Sample>) => done(samples))
                thread.postMessage("stop")
              })
          }))
      })
    ),
    (prober) => Effect.promise(() => prober.thread.terminate())
  )

describe("resilience: hostile requests do not block the server", () => {
  it.scopedLive("health Checks sent while 64 KB hostile calls run are answered promptly", () =>
    Effect.gen(function*() {
      const worker = yield* startResilientWorker()
      worker.openai.setFallback(FakeOpenAi.text(["fine"]))
      const prober = yield* startProber(worker.port)

      const requests: Array<RecommendRequest> = hostile.map(([field, shape]) => {
        const make = fields[field]
        const text = shapes[shape]
        if (make === undefined || text === undefined) throw new Error(`no ${field} or ${shape}`)
        return { ...sized(make, text, largeBytes) }
      })
      // Let the prober run a while before, then two rounds of every hostile call, one after the other.
      yield* Effect.sleep("200 millis")
      const results = []
      for (const request of [...requests, ...requests]) {
        results.push(yield* Effect.promise(() => collect(worker.client.Recommend(request))))
      }
      yield* Effect.sleep("200 millis")
      const samples = yield* Effect.promise(() => prober.stop())

      expect(samples.length).toBeGreaterThan(5)
      expect(samples.filter((s) => s.status !== "SERVING")).toEqual([])
      const slow = samples.filter((s) => s.ms >= generousMs).map((s) => `${Math.round(s.ms)} ms`)
      expect(slow).toEqual([])
      // The hostile calls themselves were served (or refused as bad input), never an internal error.
      for (const { status } of results) expect([Status.OK, Status.INVALID_ARGUMENT]).toContain(status.code)
      expect(results.some(({ status }) => status.code === Status.OK)).toBe(true)
    }), 180_000)
})
