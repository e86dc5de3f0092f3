/**
 * Load: 500 concurrent streams through the real server and the production
 * provider chain against the fake upstream. Each call carries its own marker,
 * the fake answers it with chunks that name the marker, so a call that got
 * another call's chunks (or lost, duplicated or reordered one) is seen.
 */
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { finalMessageContent } from "../../src/grpc/proto.js"
import { call } from "../support/grpc.js"
import { echoMarker, eventually, expectedChunks, markedRequest, startResilientWorker } from "./support.js"

const concurrency = 500

describe("resilience: load", () => {
  it.scopedLive(`${concurrency} concurrent streams each get their own whole answer, in order`, () =>
    Effect.gen(function*() {
      // The verdict is about isolation and order, not speed: on a starved CI
      // machine 500 first tokens may take longer than the default 15 s.
      const worker = yield* startResilientWorker({
        env: { LLM_FIRST_TOKEN_TIMEOUT_MS: "100000", LLM_IDLE_TIMEOUT_MS: "100000" }
      })
      worker.openai.setFallback(echoMarker({ delayMs: 2, count: 8 }))
      const results = yield* Effect.forEach(
        Array.from({ length: concurrency }, (_, n) => n),
        (n) => Effect.map(call(worker, markedRequest(n)), (result) => ({ n, ...result })),
        { concurrency: "unbounded" }
      )
      const wrong: Array<string> = []
      for (const { n, messages, status } of results) {
        const expected = [...expectedChunks(n, 8), finalMessageContent]
        const got = messages.map((m) => m.content)
        if (status.code !== Status.OK) wrong.push(`call ${n}: status ${status.code} ${status.details}`)
        else if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`call ${n}: got ${JSON.stringify(got)}`)
        else if (messages.some((m, i) => m.sequence !== i || m.is_final !== (i === expected.length - 1 ? "true" : "false"))) {
          wrong.push(`call ${n}: sequence or is_final out of order`)
        }
      }
      expect(wrong.slice(0, 5)).toEqual([])
      expect(worker.openai.requests).toHaveLength(concurrency)
      expect(yield* eventually(() => worker.inFlight() === 0)).toBe(true)
    }), 120_000)
})
