/**
 * The OpenAI-compatible provider, with the real SDK over real HTTP against the
 * fake server: text in order, every failure mode, Perplexity's extras, and
 * cancellation closing the upstream connection.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Chunk, Effect, Exit, Fiber, Option, Redacted, Stream } from "effect"
import { ProviderFailure } from "../../src/domain/errors.js"
import { contentPeriods } from "../../src/domain/request.js"
import { makeOpenAiCompatible, type OpenAiCompatibleOptions } from "../../src/layers/LlmOpenAi.js"
import { classifyError, parseRetryAfter, UpstreamRejectedRequest } from "../../src/layers/openai/errors.js"
import type { LlmService } from "../../src/services/Llm.js"
import { FakeOpenAi, type FakeOpenAiServer, startFakeOpenAi } from "../support/fakeOpenAi.js"
import { makeRequest } from "./fixtures.js"

const fakeServer = Effect.acquireRelease(
  Effect.promise(() => startFakeOpenAi()),
  (fake) => Effect.promise(() => fake.close())
)

const options = (fake: FakeOpenAiServer, overrides: Partial<OpenAiCompatibleOptions> = {}): OpenAiCompatibleOptions => ({
  name: "openai",
  flavor: "openai",
  apiKey: Redacted.make("sk-test-secret-key-123456"),
  baseURL: fake.baseURL,
  model: "test-model",
  maxTokens: 500,
  temperature: 0.7,
  firstTokenTimeout: "2 seconds",
  idleTimeout: "2 seconds",
  ...overrides
})

const collect = (service: LlmService, request = makeRequest()) =>
  service.stream(request).pipe(Stream.runCollect, Effect.map(Chunk.toReadonlyArray), Effect.exit)

const failureOf = <A>(exit: Exit.Exit<A, unknown>): ProviderFailure => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure, got success")
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure) || !(failure.value instanceof ProviderFailure)) {
    throw new Error(`expected a ProviderFailure, got ${Cause.pretty(exit.cause)}`)
  }
  return failure.value
}

describe("OpenAI-compatible provider against the fake server", () => {
  it.scopedLive("streams the text the server sent, in order, tagged with the provider", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      const chunks = ["1. Effect docs", " — https://effect.website/docs", "\n   Because", " you read about streams."]
      fake.script(FakeOpenAi.text(chunks, { delayMs: 5 }))
      const service = yield* makeOpenAiCompatible(options(fake))
      const exit = yield* collect(service)
      expect(Exit.isSuccess(exit)).toBe(true)
      const got = Exit.isSuccess(exit) ? exit.value : []
      expect(got.map((c) => c.text)).toEqual(chunks)
      expect(new Set(got.map((c) => c.provider))).toEqual(new Set(["openai"]))
      const [request] = fake.requests
      expect(request?.body.model).toBe("test-model")
      expect(request?.body.stream).toBe(true)
      expect(request?.body.max_tokens).toBe(500)
      expect(request?.body.temperature).toBe(0.7)
      expect(request?.body.search_recency_filter).toBeUndefined()
      expect(request?.headers.authorization).toBe("Bearer sk-test-secret-key-123456")
      expect(request?.body.messages.map((m: { role: string }) => m.role)).toEqual(["system", "user"])
    }))

  it.scopedLive("a stream that ends without a finish reason is a truncated failure after the first token", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.truncatedAfter(["partial", " answer"]))
      const failure = failureOf(yield* collect(yield* makeOpenAiCompatible(options(fake))))
      expect(failure.kind).toBe("truncated")
      expect(failure.afterFirstToken).toBe(true)
    }))

  it.scopedLive("a stream that ends at once without text or finish reason is truncated before the first token", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.truncatedAfter([]))
      const failure = failureOf(yield* collect(yield* makeOpenAiCompatible(options(fake))))
      expect(failure.kind).toBe("truncated")
      expect(failure.afterFirstToken).toBe(false)
    }))

  it.scopedLive("a finish reason without [DONE] is a complete answer", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.text(["all", " here"], { ending: "finish-no-done" }))
      const exit = yield* collect(yield* makeOpenAiCompatible(options(fake)))
      expect(Exit.isSuccess(exit) && exit.value.map((c) => c.text).join("")).toBe("all here")
    }))

  it.scopedLive("a connection cut mid-stream fails after the first token, with the text before it delivered", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.cutAfter(["one", " two"]))
      const service = yield* makeOpenAiCompatible(options(fake))
      const seen: Array<string> = []
      const exit = yield* service.stream(makeRequest()).pipe(
        Stream.runForEach((c) => Effect.sync(() => seen.push(c.text))),
        Effect.exit
      )
      const failure = failureOf(exit)
      expect(seen).toEqual(["one", " two"])
      expect(failure.afterFirstToken).toBe(true)
      expect(failure.kind).toBe("connection")
    }))

  it.scopedLive("malformed SSE after text is a bad_response after the first token", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.malformedAfter(["ok"]))
      const failure = failureOf(yield* collect(yield* makeOpenAiCompatible(options(fake))))
      expect(failure.kind).toBe("bad_response")
      expect(failure.afterFirstToken).toBe(true)
    }))

  it.scopedLive("an SSE error event mid-stream is a server_error after the first token", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.text(["ok"], { ending: "error-event" }))
      const failure = failureOf(yield* collect(yield* makeOpenAiCompatible(options(fake))))
      expect(failure.kind).toBe("server_error")
      expect(failure.afterFirstToken).toBe(true)
    }))

  it.scopedLive("maps 500, 503, 429 with Retry-After and a dropped connection to failures before the first token", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.status(500), FakeOpenAi.status(503), FakeOpenAi.rateLimited(7), FakeOpenAi.drop())
      const service = yield* makeOpenAiCompatible(options(fake))
      const failures = []
      for (let i = 0; i < 4; i++) failures.push(failureOf(yield* collect(service)))
      expect(failures.map((f) => [f.kind, f.afterFirstToken])).toEqual([
        ["server_error", false],
        ["server_error", false],
        ["rate_limited", false],
        ["connection", false]
      ])
      expect(failures[2]?.retryAfterSeconds).toBe(7)
      expect(fake.requests).toHaveLength(4) // maxRetries: 0 in the SDK
    }))

  it.scopedLive("a 400 is a defect (the request we built is wrong), without the key in it", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.status(400, {
        body: { error: { message: "Bad max_tokens for key sk-test-secret-key-123456", type: "invalid_request_error" } }
      }))
      const exit = yield* collect(yield* makeOpenAiCompatible(options(fake)))
      expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
      const defect = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.dieOption(exit.cause)) : undefined
      expect(defect).toBeInstanceOf(UpstreamRejectedRequest)
      expect(String((defect as Error).message)).not.toContain("secret-key")
    }))

  it.scopedLive("a wrong key (401) or an unknown model (404) is a 'rejected' failure the chain can hand over", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(
        FakeOpenAi.status(401, { body: { error: { message: "Incorrect API key provided: sk-test-secret-key-123456" } } }),
        FakeOpenAi.status(404, { body: { error: { message: "The model `nope` does not exist" } } })
      )
      const service = yield* makeOpenAiCompatible(options(fake))
      for (let i = 0; i < 2; i++) {
        const failure = failureOf(yield* collect(service))
        expect([failure.kind, failure.afterFirstToken]).toEqual(["rejected", false])
        expect(failure.detail).not.toContain("secret-key")
      }
    }))

  it.scopedLive("a stall before the first byte is a first-token timeout, and the request is closed", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.stallBeforeFirstByte())
      const service = yield* makeOpenAiCompatible(options(fake, { firstTokenTimeout: "300 millis" }))
      const failure = failureOf(yield* collect(service))
      expect(failure.kind).toBe("timeout")
      expect(failure.afterFirstToken).toBe(false)
      yield* Effect.promise(() => fake.waitForClientClose(0, 2_000))
    }))

  it.scopedLive("a stall between tokens is an idle timeout after the first token", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.stallAfter(["first"]))
      const service = yield* makeOpenAiCompatible(options(fake, { idleTimeout: "300 millis" }))
      const failure = failureOf(yield* collect(service))
      expect(failure.kind).toBe("idle_timeout")
      expect(failure.afterFirstToken).toBe(true)
      yield* Effect.promise(() => fake.waitForClientClose(0, 2_000))
    }))

  it.scopedLive("an idle limit shorter than the first-token limit acts at its own deadline, not the first one's", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.stallAfter(["first"]))
      // The watch's timer is armed for the first-token deadline (30 s) at the first wait; the wait after the
      // first token must bring it forward to the idle deadline (300 ms).
      const service = yield* makeOpenAiCompatible(options(fake, { firstTokenTimeout: "30 seconds", idleTimeout: "300 millis" }))
      const started = Date.now()
      const failure = failureOf(yield* collect(service))
      expect(failure.kind).toBe("idle_timeout")
      expect(Date.now() - started).toBeLessThan(15_000)
    }), 60_000)

  it.scopedLive("interrupting the stream closes the upstream connection within a second", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.text(Array.from({ length: 200 }, (_, i) => `t${i} `), { delayMs: 50 }))
      const service = yield* makeOpenAiCompatible(options(fake))
      const fiber = yield* service.stream(makeRequest()).pipe(Stream.take(3), Stream.runDrain, Effect.fork)
      yield* Fiber.join(fiber)
      const interruptedAt = Date.now()
      const closedAt = yield* Effect.promise(() => fake.waitForClientClose(0, 1_000))
      expect(closedAt - interruptedAt).toBeLessThan(1_000)
    }))

  it.scopedLive("interrupting while waiting for the first token closes the upstream connection", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.text(["late"], { firstChunkDelayMs: 10_000 }))
      const service = yield* makeOpenAiCompatible(options(fake, { firstTokenTimeout: "20 seconds" }))
      const fiber = yield* service.stream(makeRequest()).pipe(Stream.runDrain, Effect.fork)
      yield* Effect.promise(() => fake.waitForRequest(0))
      yield* Effect.sleep("100 millis")
      yield* Fiber.interrupt(fiber)
      yield* Effect.promise(() => fake.waitForClientClose(0, 1_000))
    }))
})

describe("Perplexity flavour", () => {
  it.scopedLive("sends search_recency_filter for each period (recent → week, any → none)", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      const service = yield* makeOpenAiCompatible(options(fake, { name: "perplexity", flavor: "perplexity", model: "sonar" }))
      for (const period of contentPeriods) {
        fake.script(FakeOpenAi.text(["ok"]))
        yield* collect(service, makeRequest({ period }))
      }
      expect(fake.requests.map((r) => r.body.search_recency_filter)).toEqual([
        undefined, "week", "day", "week", "month", "year"
      ])
      expect(fake.requests.every((r) => r.body.model === "sonar")).toBe(true)
    }))

  it.scopedLive("appends the search results it returns as a numbered Sources list", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.text(["Read the docs."], {
        searchResults: [
          { title: "Effect Docs", url: "https://effect.website/docs" },
          { title: "gRPC", url: "https://grpc.io/" }
        ],
        citations: ["https://effect.website/docs", "https://grpc.io/"]
      }))
      const service = yield* makeOpenAiCompatible(options(fake, { name: "perplexity", flavor: "perplexity" }))
      const exit = yield* collect(service)
      const text = Exit.isSuccess(exit) ? exit.value.map((c) => c.text).join("") : ""
      expect(text).toBe(
        "Read the docs.\n\nSources:\n1. Effect Docs — https://effect.website/docs\n2. gRPC — https://grpc.io/"
      )
    }))

  it.scopedLive("falls back to bare citations, headed 출처 for a Korean reader", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.text(["추천입니다."], { citations: ["https://www.10000recipe.com/", "javascript:alert(1)"] }))
      const service = yield* makeOpenAiCompatible(options(fake, { name: "perplexity", flavor: "perplexity" }))
      const base = makeRequest()
      const korean = makeRequest({
        analysis: {
          ...base.analysis,
          contentPreferences: { ...base.analysis.contentPreferences, primaryLanguage: "ko" }
        }
      })
      const exit = yield* collect(service, korean)
      const text = Exit.isSuccess(exit) ? exit.value.map((c) => c.text).join("") : ""
      expect(text).toBe("추천입니다.\n\n출처:\n1. https://www.10000recipe.com/")
    }))

  it.scopedLive("the openai flavour ignores citations", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.text(["plain"], { citations: ["https://example.com/"] }))
      const exit = yield* collect(yield* makeOpenAiCompatible(options(fake)))
      expect(Exit.isSuccess(exit) && exit.value.map((c) => c.text).join("")).toBe("plain")
    }))
})

describe("error classification (pure)", () => {
  it("parses Retry-After as seconds, as an HTTP date, and retry-after-ms", () => {
    const now = Date.parse("2025-01-01T00:00:00Z")
    expect(parseRetryAfter(new Headers({ "retry-after": "3" }), now)).toBe(3)
    expect(parseRetryAfter(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:10 GMT" }), now)).toBe(10)
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "1500", "retry-after": "9" }), now)).toBe(1.5)
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), now)).toBeUndefined()
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined()
  })

  it("never lets a key-like string into a failure's detail", () => {
    const classified = classifyError(new Error("boom sk-abcdef123456 and pplx-zzzzzzzz"), 0)
    expect(classified.detail).not.toMatch(/sk-abc|pplx-zzz/)
  })
})
