/**
 * The production chain (LlmLive, configured from a ConfigProvider) with the
 * real SDK over real HTTP: openai and perplexity both pointed at fake servers,
 * the embedded catalog last. Every pre-first-token fault of the openai fake
 * fails over to perplexity; faults after the first token end the call.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Chunk, Effect, Exit, Fiber, Option, Stream } from "effect"
import { ProviderFailure, ProvidersUnavailable } from "../../src/domain/errors.js"
import { Llm } from "../../src/services/Llm.js"
import { type Behaviour, FakeOpenAi } from "../support/fakeOpenAi.js"
import { chainLayer, fakeServer, twoFakesChain } from "./chainSetup.js"
import { makeRequest } from "./fixtures.js"

/** Two fakes and the chain built by LlmLive from environment-like settings. */
const setup = (env: Record<string, string> = {}) =>
  Effect.gen(function*() {
    const { openai, perplexity, layer } = yield* twoFakesChain(env)
    const llm = yield* Effect.provide(Llm, layer)
    return { openai, perplexity, llm }
  })

const collect = (stream: Stream.Stream<{ text: string; provider: string }, unknown>) =>
  stream.pipe(Stream.runCollect, Effect.map(Chunk.toReadonlyArray), Effect.exit)

const failureOf = (exit: Exit.Exit<unknown, unknown>) => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  return Option.getOrThrowWith(Cause.failureOption(exit.cause), () => new Error(Cause.pretty(exit.cause)))
}

const answer = ["1. Effect Documentation", " — https://effect.website/docs", "\n   Fits your stream reading."]

const preFirstTokenFaults: ReadonlyArray<readonly [string, Behaviour]> = [
  ["HTTP 500", FakeOpenAi.status(500)],
  ["HTTP 503", FakeOpenAi.status(503)],
  ["HTTP 429 with Retry-After", FakeOpenAi.rateLimited(0)],
  ["a stall before the first byte", FakeOpenAi.stallBeforeFirstByte()],
  ["a stall after the headers, before the first token", FakeOpenAi.text(["late"], { firstChunkDelayMs: 5_000 })],
  ["a dropped connection", FakeOpenAi.drop()],
  ["a stream that ends before any text", FakeOpenAi.truncatedAfter([])],
  ["malformed SSE before any text", FakeOpenAi.malformedAfter([])]
]

describe("LlmLive over real HTTP: failover from openai to perplexity", () => {
  for (const [name, fault] of preFirstTokenFaults) {
    it.scopedLive(`${name} on openai fails over to perplexity; the client sees only perplexity's text`, () =>
      Effect.gen(function*() {
        const { openai, perplexity, llm } = yield* setup()
        openai.setFallback(fault)
        perplexity.script(FakeOpenAi.text(answer, { delayMs: 5 }))
        const exit = yield* collect(llm.stream(makeRequest()))
        expect(Exit.isSuccess(exit)).toBe(true)
        const chunks = Exit.isSuccess(exit) ? exit.value : []
        expect(chunks.map((c) => c.text)).toEqual(answer)
        expect(chunks.every((c) => c.provider === "perplexity")).toBe(true)
        expect(perplexity.requests).toHaveLength(1)
        expect(openai.requests.length).toBeGreaterThanOrEqual(1)
        // every abandoned openai request was closed before perplexity answered
        for (const request of openai.requests) {
          expect(request.respondedAt !== undefined || request.clientClosedAt !== undefined).toBe(true)
        }
      }))
  }

  it.scopedLive("retries openai before handing over (LLM_RETRIES=1: two openai requests)", () =>
    Effect.gen(function*() {
      const { openai, perplexity, llm } = yield* setup()
      openai.setFallback(FakeOpenAi.status(503))
      perplexity.script(FakeOpenAi.text(["p"]))
      yield* collect(llm.stream(makeRequest()))
      expect(openai.requests).toHaveLength(2)
    }))

  it.scopedLive("honours Retry-After: the retry waits for it", () =>
    Effect.gen(function*() {
      const { openai, llm } = yield* setup()
      openai.script(FakeOpenAi.rateLimited(1), FakeOpenAi.text(["after the wait"]))
      const exit = yield* collect(llm.stream(makeRequest()))
      expect(Exit.isSuccess(exit) && exit.value.map((c) => c.text)).toEqual(["after the wait"])
      const [first, second] = openai.requests
      // the backoff alone would be ~10 ms; Retry-After asked for 1 s
      expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950)
    }))

  it.scopedLive("a connection cut after the first token ends the call with a ProviderFailure, no failover", () =>
    Effect.gen(function*() {
      const { openai, perplexity, llm } = yield* setup()
      openai.script(FakeOpenAi.cutAfter(["1. Something", " half"]))
      const seen: Array<string> = []
      const exit = yield* llm.stream(makeRequest()).pipe(
        Stream.runForEach((c) => Effect.sync(() => seen.push(c.text))),
        Effect.exit
      )
      const failure = failureOf(exit)
      expect(failure).toBeInstanceOf(ProviderFailure)
      expect(failure).toMatchObject({ provider: "openai", kind: "connection", afterFirstToken: true })
      expect(seen).toEqual(["1. Something", " half"])
      expect(perplexity.requests).toHaveLength(0)
    }))

  it.scopedLive("a stream truncated after text (no finish reason, no [DONE]) is an error, not a complete answer", () =>
    Effect.gen(function*() {
      const { openai, perplexity, llm } = yield* setup()
      openai.script(FakeOpenAi.truncatedAfter(["1. Something"]))
      const failure = failureOf(yield* collect(llm.stream(makeRequest())))
      expect(failure).toMatchObject({ provider: "openai", kind: "truncated", afterFirstToken: true })
      expect(perplexity.requests).toHaveLength(0)
    }))

  it.scopedLive("a stall between tokens is an idle timeout after the first token", () =>
    Effect.gen(function*() {
      const { openai, llm } = yield* setup({ LLM_IDLE_TIMEOUT_MS: "400" })
      openai.script(FakeOpenAi.stallAfter(["1. Something"]))
      const failure = failureOf(yield* collect(llm.stream(makeRequest())))
      expect(failure).toMatchObject({ provider: "openai", kind: "idle_timeout", afterFirstToken: true })
      yield* Effect.promise(() => openai.waitForClientClose(0, 1_000))
    }))

  it.scopedLive("when both LLMs fail, the embedded catalog answers", () =>
    Effect.gen(function*() {
      const { openai, perplexity, llm } = yield* setup()
      openai.setFallback(FakeOpenAi.status(500))
      perplexity.setFallback(FakeOpenAi.status(502))
      const exit = yield* collect(llm.stream(makeRequest()))
      expect(Exit.isSuccess(exit)).toBe(true)
      const chunks = Exit.isSuccess(exit) ? exit.value : []
      expect(chunks.length).toBeGreaterThan(0)
      expect(chunks.every((c) => c.provider === "catalog")).toBe(true)
      expect(chunks.map((c) => c.text).join("")).toContain("https://effect.website/docs")
    }))

  it.scopedLive("without the catalog in LLM_PROVIDERS, all failing is ProvidersUnavailable", () =>
    Effect.gen(function*() {
      const { openai, perplexity, llm } = yield* setup({ LLM_PROVIDERS: "openai,perplexity" })
      openai.setFallback(FakeOpenAi.status(500))
      perplexity.setFallback(FakeOpenAi.rateLimited(0))
      const failure = failureOf(yield* collect(llm.stream(makeRequest())))
      expect(failure).toBeInstanceOf(ProvidersUnavailable)
      expect((failure as ProvidersUnavailable).failures.map((f) => f.provider)).toEqual([
        "openai", "openai", "perplexity", "perplexity"
      ])
      expect((failure as ProvidersUnavailable).message).not.toMatch(/sk-openai-test|pplx-test/)
    }))

  it.scopedLive("LLM_PROVIDERS sets the order: perplexity first", () =>
    Effect.gen(function*() {
      const { openai, perplexity, llm } = yield* setup({ LLM_PROVIDERS: "perplexity,openai" })
      perplexity.script(FakeOpenAi.text(["from perplexity"]))
      const exit = yield* collect(llm.stream(makeRequest()))
      expect(Exit.isSuccess(exit) && exit.value.map((c) => c.provider)).toEqual(["perplexity"])
      expect(openai.requests).toHaveLength(0)
    }))

  it.scopedLive("the circuit breaker skips a dead provider: after N failures its server gets no more requests", () =>
    Effect.gen(function*() {
      const { openai, perplexity, llm } = yield* setup({ LLM_RETRIES: "0", LLM_CIRCUIT_FAILURES: "2" })
      openai.setFallback(FakeOpenAi.status(503))
      perplexity.setFallback(FakeOpenAi.text(["p"]))
      for (let i = 0; i < 2; i++) yield* collect(llm.stream(makeRequest()))
      expect(openai.requests).toHaveLength(2)
      for (let i = 0; i < 3; i++) {
        const exit = yield* collect(llm.stream(makeRequest()))
        expect(Exit.isSuccess(exit) && exit.value.map((c) => c.provider)).toEqual(["perplexity"])
      }
      expect(openai.requests).toHaveLength(2) // skipped: a dead provider costs nothing
      expect(perplexity.requests).toHaveLength(5)
    }))

  it.scopedLive("the deadline budget skips a slow fallback and goes to the catalog", () =>
    Effect.gen(function*() {
      const { openai, perplexity, llm } = yield* setup({ LLM_RETRIES: "0", LLM_DEADLINE_MARGIN_MS: "50" })
      openai.setFallback(FakeOpenAi.status(500))
      perplexity.setFallback(FakeOpenAi.text(["slow"], { firstChunkDelayMs: 300 }))
      // no deadline: perplexity answers, and the chain learns it takes ~300 ms to a first token
      const first = yield* collect(llm.stream(makeRequest()))
      expect(Exit.isSuccess(first) && first.value.map((c) => c.provider)).toEqual(["perplexity"])
      // 150 ms left: perplexity no longer fits; the catalog does
      const exit = yield* collect(llm.stream(makeRequest({ deadline: Option.some(Date.now() + 150) })))
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(Exit.isSuccess(exit) && exit.value.every((c) => c.provider === "catalog")).toBe(true)
      expect(perplexity.requests).toHaveLength(1)
    }))

  it.scopedLive("interrupting the call closes the upstream connection within a second", () =>
    Effect.gen(function*() {
      const { openai, llm } = yield* setup({ LLM_IDLE_TIMEOUT_MS: "10000" })
      openai.script(FakeOpenAi.text(Array.from({ length: 100 }, (_, i) => `t${i} `), { delayMs: 100 }))
      const fiber = yield* llm.stream(makeRequest()).pipe(Stream.runDrain, Effect.fork)
      yield* Effect.promise(() => openai.waitForRequest(0))
      yield* Effect.sleep("300 millis")
      const interruptedAt = Date.now()
      yield* Fiber.interrupt(fiber)
      const closedAt = yield* Effect.promise(() => openai.waitForClientClose(0, 1_000))
      expect(closedAt - interruptedAt).toBeLessThan(1_000)
    }))

  it.scopedLive("interrupting during a retry's backoff sends no further request", () =>
    Effect.gen(function*() {
      const { openai, llm } = yield* setup({ LLM_RETRY_BASE_MS: "2000" })
      openai.setFallback(FakeOpenAi.status(503))
      const fiber = yield* llm.stream(makeRequest()).pipe(Stream.runDrain, Effect.fork)
      yield* Effect.promise(() => openai.waitForRequest(0))
      yield* Effect.sleep("100 millis")
      yield* Fiber.interrupt(fiber)
      yield* Effect.sleep("100 millis")
      expect(openai.requests).toHaveLength(1)
    }))
})

describe("LlmLive configuration", () => {
  const build = (env: Record<string, string>) =>
    Effect.provide(Llm, chainLayer(env)).pipe(Effect.scoped, Effect.exit)

  it.effect("with no keys, the catalog alone serves", () =>
    Effect.gen(function*() {
      const exit = yield* build({})
      expect(Exit.isSuccess(exit)).toBe(true)
      if (Exit.isSuccess(exit)) {
        const chunks = yield* collect(exit.value.stream(makeRequest()))
        expect(Exit.isSuccess(chunks) && chunks.value.every((c) => c.provider === "catalog")).toBe(true)
      }
    }))

  it.effect("LLM_PROVIDERS naming an unconfigured provider is a config error naming the variable", () =>
    Effect.gen(function*() {
      const exit = yield* build({ LLM_PROVIDERS: "openai,catalog" })
      expect(Exit.isFailure(exit)).toBe(true)
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toMatch(/LLM_PROVIDERS.*openai.*OPENAI_API_KEY/s)
    }))

  it.effect("an unknown provider name is a config error", () =>
    Effect.gen(function*() {
      const exit = yield* build({ LLM_PROVIDERS: "openai,gemini" })
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toMatch(/gemini/)
    }))

  it.effect("a bad number is a config error naming the variable", () =>
    Effect.gen(function*() {
      const exit = yield* build({ OPENAI_API_KEY: "k", OPENAI_TEMPERATURE: "3" })
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toMatch(/OPENAI_TEMPERATURE/)
    }))

  it.scopedLive("OPENAI_BASE_URL without a key enables openai (local model servers need none)", () =>
    Effect.gen(function*() {
      const fake = yield* fakeServer
      fake.script(FakeOpenAi.text(["local model"]))
      const exit = yield* build({ OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: "llama3.2" })
      if (Exit.isFailure(exit)) throw new Error(Cause.pretty(exit.cause))
      const chunks = yield* collect(exit.value.stream(makeRequest()))
      expect(Exit.isSuccess(chunks) && chunks.value.map((c) => `${c.provider}:${c.text}`)).toEqual(["openai:local model"])
      expect(fake.requests[0]?.body.model).toBe("llama3.2")
      expect(fake.requests[0]?.body.max_tokens).toBe(500)
      expect(fake.requests[0]?.body.temperature).toBe(0.7)
    }))
})
