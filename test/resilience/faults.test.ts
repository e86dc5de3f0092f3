/**
 * Upstream faults, each through the real server with the production chain:
 * the call ends with the documented status (UNAVAILABLE, no final message)
 * or fails over cleanly (perplexity, or the embedded catalog), and the same
 * server answers a good call right after.
 */
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { finalMessageContent } from "../../src/grpc/proto.js"
import { type Behaviour, FakeOpenAi, startFakeOpenAi } from "../support/fakeOpenAi.js"
import { call } from "../support/grpc.js"
import { echoMarker, eventually, expectedChunks, fastFaultEnv, markedRequest, startResilientWorker } from "./support.js"

type Chain = "openai" | "openai,perplexity" | "openai,catalog"

interface Scenario {
  readonly name: string
  readonly chain: Chain
  /** What the openai fake answers while the fault is on (every request, retries included). */
  readonly fault: Behaviour
  /** Scripted once before the fault (e.g. a single 429 then a good answer). */
  readonly once?: Behaviour
  readonly expected:
    | { readonly code: "UNAVAILABLE"; readonly chunks: ReadonlyArray<string> }
    | { readonly code: "OK"; readonly provider: string }
}

const half = ["1. half", " an answer"]
const unavailable = (chunks: ReadonlyArray<string> = []) => ({ code: "UNAVAILABLE" as const, chunks })

const preFirstToken: ReadonlyArray<readonly [string, Behaviour]> = [
  ["HTTP 500", FakeOpenAi.status(500)],
  ["HTTP 503", FakeOpenAi.status(503)],
  ["HTTP 429 with Retry-After, every time", FakeOpenAi.rateLimited(0)],
  ["a stall before the first byte (first-token timeout)", FakeOpenAi.stallBeforeFirstByte()],
  ["a stall after the headers, before any text (first-token timeout)", FakeOpenAi.text(["late"], { firstChunkDelayMs: 10_000 })],
  ["malformed SSE before any text", FakeOpenAi.malformedAfter([])],
  ["an answer that ends before any text, without finish_reason or [DONE]", FakeOpenAi.truncatedAfter([])],
  ["a dropped connection", FakeOpenAi.drop()]
]

const scenarios: ReadonlyArray<Scenario> = [
  // Before the first token: UNAVAILABLE when openai is alone...
  ...preFirstToken.map(([name, fault]): Scenario => ({ name, chain: "openai", fault, expected: unavailable() })),
  // ...a clean failover when there is a next provider.
  ...preFirstToken.map(([name, fault]): Scenario => ({
    name,
    chain: "openai,perplexity",
    fault,
    expected: { code: "OK", provider: "perplexity" }
  })),
  { name: "HTTP 503", chain: "openai,catalog", fault: FakeOpenAi.status(503), expected: { code: "OK", provider: "catalog" } },
  {
    name: "a stall before the first byte",
    chain: "openai,catalog",
    fault: FakeOpenAi.stallBeforeFirstByte(),
    expected: { code: "OK", provider: "catalog" }
  },
  // A single 429 with Retry-After, then a good answer: the retry waits and succeeds.
  {
    name: "one HTTP 429 with Retry-After: 1, then an answer",
    chain: "openai",
    once: FakeOpenAi.rateLimited(1),
    fault: FakeOpenAi.text(["after", " the wait"]),
    expected: { code: "OK", provider: "openai" }
  },
  // After the first token: the text sent cannot be taken back; UNAVAILABLE, never the final message.
  ...(["openai", "openai,perplexity"] as const).flatMap((chain): ReadonlyArray<Scenario> => [
    { name: "a stall between tokens (idle timeout)", chain, fault: FakeOpenAi.stallAfter(half), expected: unavailable(half) },
    { name: "a cut mid-stream", chain, fault: FakeOpenAi.cutAfter(half), expected: unavailable(half) },
    { name: "malformed SSE mid-stream", chain, fault: FakeOpenAi.malformedAfter(half), expected: unavailable(half) },
    { name: "an SSE error event mid-stream", chain, fault: FakeOpenAi.text(half, { ending: "error-event" }), expected: unavailable(half) },
    {
      name: "an answer that ends without finish_reason or [DONE]",
      chain,
      fault: FakeOpenAi.truncatedAfter(half),
      expected: unavailable(half)
    }
  ])
]

const good = echoMarker({ count: 3 })

describe("resilience: upstream faults through the real server", () => {
  for (const scenario of scenarios) {
    it.scopedLive(`[${scenario.chain}] ${scenario.name}`, () =>
      Effect.gen(function*() {
        const worker = yield* startResilientWorker({
          withPerplexity: scenario.chain === "openai,perplexity",
          env: { ...fastFaultEnv, LLM_PROVIDERS: scenario.chain }
        })
        worker.perplexity?.setFallback(good)
        if (scenario.once !== undefined) worker.openai.script(scenario.once)
        worker.openai.setFallback(scenario.fault)

        const { messages, status } = yield* call(worker, markedRequest(1))
        const texts = messages.map((m) => m.content)
        if (scenario.expected.code === "UNAVAILABLE") {
          expect(status.code).toBe(Status.UNAVAILABLE)
          expect(status.details).toMatch(/retry/)
          expect(texts).toEqual(scenario.expected.chunks)
          expect(messages.every((m) => m.is_final === "false")).toBe(true)
        } else {
          expect(status.code).toBe(Status.OK)
          expect(texts.at(-1)).toBe(finalMessageContent)
          expect(messages.filter((m) => m.is_final === "true")).toHaveLength(1)
          // one provider's text only: never half of one answer and half of another
          expect(new Set(messages.map((m) => m.provider))).toEqual(new Set([scenario.expected.provider]))
          if (scenario.expected.provider === "perplexity") {
            expect(texts.slice(0, -1)).toEqual(expectedChunks(1, 3))
          }
        }
        // Every upstream request the worker started is over: answered, or closed by the worker.
        expect(
          yield* eventually(() =>
            worker.openai.requests.every((r) => r.respondedAt !== undefined || r.clientClosedAt !== undefined)
          )
        ).toBe(true)
        expect(yield* eventually(() => worker.inFlight() === 0)).toBe(true)

        // The same server keeps serving.
        worker.openai.setFallback(good)
        const after = yield* call(worker, markedRequest(2))
        expect(after.status.code).toBe(Status.OK)
        expect(after.messages.at(-1)?.content).toBe(finalMessageContent)
      }))
  }

  it.scopedLive("[openai] connection refused is UNAVAILABLE; [openai,perplexity] it fails over; both keep serving", () =>
    Effect.gen(function*() {
      // A port that was just free: nothing listens there any more.
      const gone = yield* Effect.promise(() => startFakeOpenAi())
      const deadURL = gone.baseURL
      yield* Effect.promise(() => gone.close())

      const alone = yield* startResilientWorker({ env: { ...fastFaultEnv, OPENAI_BASE_URL: deadURL } })
      for (const n of [1, 2]) {
        const { messages, status } = yield* call(alone, markedRequest(n))
        expect(status.code).toBe(Status.UNAVAILABLE)
        expect(messages).toEqual([])
      }

      const chained = yield* startResilientWorker({
        withPerplexity: true,
        env: { ...fastFaultEnv, OPENAI_BASE_URL: deadURL }
      })
      chained.perplexity?.setFallback(good)
      for (const n of [1, 2]) {
        const { messages, status } = yield* call(chained, markedRequest(n))
        expect(status.code).toBe(Status.OK)
        expect(messages.map((m) => m.content)).toEqual([...expectedChunks(n, 3), finalMessageContent])
      }
      expect(alone.inFlight() + chained.inFlight()).toBe(0)
    }))
})
