/**
 * Cancellation at scale: 200 clients cancel mid-stream. The fake upstream
 * records when each upstream connection closed; each close must follow its
 * own call's cancel by less than a second (two event times compared, not a
 * benchmark), and no provider stream is left in flight.
 */
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { FakeOpenAi } from "../support/fakeOpenAi.js"
import { call } from "../support/grpc.js"
import { eventually, markedRequest, markerIn, startResilientWorker } from "./support.js"

const clients = 200

interface Cancelled {
  readonly n: number
  readonly cancelledAt: number
  readonly code: number
}

describe("resilience: cancellation at scale", () => {
  it.scopedLive(`${clients} clients cancel mid-stream: every upstream request is closed within a second`, () =>
    Effect.gen(function*() {
      const worker = yield* startResilientWorker()
      // A long answer: 400 chunks 20 ms apart, far longer than the test.
      worker.openai.setFallback((request) =>
        FakeOpenAi.text(Array.from({ length: 400 }, (_, i) => `<${markerIn(request)}:${i}>`), { delayMs: 20 })
      )
      // The gauge is seen above zero while streams run, so its return to zero means something.
      let peakInFlight = 0
      const cancelAfterFirstChunk = (n: number) =>
        Effect.async<Cancelled>((resume) => {
          const stream = worker.client.Recommend(markedRequest(n))
          let cancelledAt = 0
          stream.on("data", () => {
            if (cancelledAt !== 0) return
            peakInFlight = Math.max(peakInFlight, worker.inFlight())
            cancelledAt = Date.now()
            stream.cancel()
          })
          stream.on("error", () => {})
          stream.on("status", (status) => resume(Effect.succeed({ n, cancelledAt, code: status.code })))
        })
      const results = yield* Effect.forEach(
        Array.from({ length: clients }, (_, n) => n),
        cancelAfterFirstChunk,
        { concurrency: "unbounded" }
      )
      expect(results.filter((r) => r.code !== Status.CANCELLED || r.cancelledAt === 0)).toEqual([])

      // Every upstream request sees its connection closed by the worker.
      const closedAll = yield* eventually(() =>
        worker.openai.requests.length === clients &&
        worker.openai.requests.every((r) => r.clientClosedAt !== undefined), 5_000)
      const late: Array<string> = []
      for (const request of worker.openai.requests) {
        const n = markerIn(request)
        const cancelled = results.find((r) => r.n === n)
        if (cancelled === undefined || request.clientClosedAt === undefined) {
          late.push(`request ${request.index} (marker ${n}): ${request.clientClosedAt === undefined ? "never closed" : "no such call"}`)
        } else if (request.clientClosedAt - cancelled.cancelledAt >= 1_000) {
          late.push(`marker ${n}: closed ${request.clientClosedAt - cancelled.cancelledAt} ms after the cancel`)
        }
      }
      expect(late.slice(0, 5)).toEqual([])
      expect(closedAll).toBe(true)
      expect(peakInFlight).toBeGreaterThan(0)
      expect(yield* eventually(() => worker.inFlight() === 0)).toBe(true)

      // And the server still answers.
      worker.openai.setFallback(FakeOpenAi.text(["fine"]))
      const after = yield* call(worker, markedRequest(9_999))
      expect(after.status.code).toBe(Status.OK)
    }), 60_000)
})
