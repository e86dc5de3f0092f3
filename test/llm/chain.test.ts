/**
 * The failover chain's policy with scripted in-memory providers on the
 * TestClock: handover before the first token, commitment after it, retries
 * honouring Retry-After, the circuit breaker and the deadline budget.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Chunk, type Duration, Effect, Exit, Fiber, Option, Stream, TestClock } from "effect"
import { ProviderFailure, ProvidersUnavailable } from "../../src/domain/errors.js"
import { type ChainPolicy, defaultChainPolicy, makeLlmChain, parseProviderList } from "../../src/layers/LlmChain.js"
import type { LlmService } from "../../src/services/Llm.js"
import { makeRequest } from "./fixtures.js"
import { endless, fail, failAfter, scriptedProvider, text } from "./scriptedProvider.js"

const policy: ChainPolicy = {
  ...defaultChainPolicy,
  retry: { retries: 2, baseDelay: "100 millis", maxDelay: "1 second", maxRetryAfter: "10 seconds" },
  breaker: { failureThreshold: 3, cooldown: "30 seconds" },
  deadlineMargin: "100 millis"
}

/** Runs one call to the end, moving the TestClock on so that backoffs and sleeps fire. */
const run = (service: LlmService, request = makeRequest(), advance: Duration.DurationInput = "1 minute") =>
  Effect.gen(function*() {
    const fiber = yield* service.stream(request).pipe(Stream.runCollect, Effect.map(Chunk.toReadonlyArray), Effect.fork)
    yield* TestClock.adjust(advance)
    return yield* Fiber.await(fiber)
  })

const failureOf = (exit: Exit.Exit<unknown, unknown>) => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  return Option.getOrThrowWith(Cause.failureOption(exit.cause), () => new Error(Cause.pretty(exit.cause)))
}

const textOf = (exit: Exit.Exit<ReadonlyArray<{ text: string; provider: string }>, unknown>) => {
  if (Exit.isFailure(exit)) throw new Error(Cause.pretty(exit.cause))
  return exit.value
}

describe("failover chain (scripted providers, TestClock)", () => {
  it.effect("answers from the first provider and never calls the next", () =>
    Effect.gen(function*() {
      const a = scriptedProvider("a", [text(["hello", " world"])])
      const b = scriptedProvider("b")
      const chain = yield* makeLlmChain([a, b], policy)
      const chunks = textOf(yield* run(chain))
      expect(chunks).toEqual([{ text: "hello", provider: "a" }, { text: " world", provider: "a" }])
      expect(b.calls()).toBe(0)
    }))

  for (const kind of ["connection", "timeout", "server_error", "rate_limited", "truncated"] as const) {
    it.effect(`retries a ${kind} failure before the first token, then hands over to the next provider`, () =>
      Effect.gen(function*() {
        const a = scriptedProvider("a", [fail(kind), fail(kind), fail(kind)])
        const b = scriptedProvider("b", [text(["from b"])])
        const chain = yield* makeLlmChain([a, b], policy)
        expect(textOf(yield* run(chain))).toEqual([{ text: "from b", provider: "b" }])
        expect(a.calls()).toBe(3) // the first attempt and two retries
        expect(a.closed()).toBe(3)
      }))
  }

  it.effect("hands over at once, without retrying, on a failure that is not transient", () =>
    Effect.gen(function*() {
      const a = scriptedProvider("a", [fail("bad_response")])
      const b = scriptedProvider("b", [text(["from b"])])
      const chain = yield* makeLlmChain([a, b], policy)
      expect(textOf(yield* run(chain))).toEqual([{ text: "from b", provider: "b" }])
      expect(a.calls()).toBe(1)
    }))

  it.effect("a retry that succeeds keeps the answer with the same provider", () =>
    Effect.gen(function*() {
      const a = scriptedProvider("a", [fail("server_error"), text(["second try"])])
      const b = scriptedProvider("b")
      const chain = yield* makeLlmChain([a, b], policy)
      expect(textOf(yield* run(chain))).toEqual([{ text: "second try", provider: "a" }])
      expect(b.calls()).toBe(0)
    }))

  it.effect("honours Retry-After before retrying", () =>
    Effect.gen(function*() {
      const a = scriptedProvider("a", [fail("rate_limited", 5), text(["ok"])])
      const chain = yield* makeLlmChain([a], policy)
      const fiber = yield* chain.stream(makeRequest()).pipe(Stream.runCollect, Effect.fork)
      yield* TestClock.adjust("4900 millis")
      expect(a.calls()).toBe(1)
      yield* TestClock.adjust("100 millis")
      const exit = yield* Fiber.await(fiber)
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(a.calls()).toBe(2)
    }))

  it.effect("a failure after the first token ends the stream with it: no text from a second provider", () =>
    Effect.gen(function*() {
      const a = scriptedProvider("a", [failAfter(["partial"], "connection")])
      const b = scriptedProvider("b", [text(["from b"])])
      const chain = yield* makeLlmChain([a, b], policy)
      const seen: Array<string> = []
      const fiber = yield* chain.stream(makeRequest()).pipe(
        Stream.runForEach((c) => Effect.sync(() => seen.push(`${c.provider}:${c.text}`))),
        Effect.fork
      )
      yield* TestClock.adjust("1 minute")
      const failure = failureOf(yield* Fiber.await(fiber))
      expect(failure).toBeInstanceOf(ProviderFailure)
      expect(failure).toMatchObject({ provider: "a", kind: "connection", afterFirstToken: true })
      expect(seen).toEqual(["a:partial"])
      expect(b.calls()).toBe(0)
    }))

  it.effect("every provider failing is ProvidersUnavailable, with each attempt's failure", () =>
    Effect.gen(function*() {
      const a = scriptedProvider("a", [fail("server_error"), fail("server_error"), fail("server_error")])
      const b = scriptedProvider("b", [fail("bad_response")])
      const chain = yield* makeLlmChain([a, b], policy)
      const failure = failureOf(yield* run(chain))
      expect(failure).toBeInstanceOf(ProvidersUnavailable)
      const unavailable = failure as ProvidersUnavailable
      expect(unavailable.failures.map((f) => `${f.provider}:${f.kind}`)).toEqual([
        "a:server_error", "a:server_error", "a:server_error", "b:bad_response"
      ])
      expect(unavailable.message).toContain("a (server_error), b (bad_response)")
    }))

  it.effect("a provider whose stream ends without text is handed over", () =>
    Effect.gen(function*() {
      const a = scriptedProvider("a", [text([])])
      const b = scriptedProvider("b", [text(["b"])])
      const chain = yield* makeLlmChain([a, b], policy)
      expect(textOf(yield* run(chain))).toEqual([{ text: "b", provider: "b" }])
    }))

  it.effect("the circuit breaker skips a dead provider for its cool-down, then tries it again", () =>
    Effect.gen(function*() {
      const a = scriptedProvider("a", [fail("connection"), fail("connection"), fail("connection")])
      const b = scriptedProvider("b", [text(["b1"]), text(["b2"]), text(["b3"])])
      const chain = yield* makeLlmChain([a, b], policy)
      expect(textOf(yield* run(chain, makeRequest(), "1 second"))[0]?.provider).toBe("b") // three failures open it
      expect(a.calls()).toBe(3)
      const second = textOf(yield* run(chain, makeRequest(), "1 second"))
      expect(second).toEqual([{ text: "b2", provider: "b" }])
      expect(a.calls()).toBe(3) // skipped: costs nothing
      yield* TestClock.adjust("30 seconds")
      a.push(text(["a is back"]))
      expect(textOf(yield* run(chain))).toEqual([{ text: "a is back", provider: "a" }])
      expect(a.calls()).toBe(4)
    }))

  it.effect("the circuit breaker records failures after the first token too", () =>
    Effect.gen(function*() {
      const a = scriptedProvider("a", [failAfter(["x"], "truncated"), failAfter(["x"], "truncated"), failAfter(["x"], "truncated")])
      const b = scriptedProvider("b", [text(["b"])])
      const chain = yield* makeLlmChain([a, b], policy)
      for (let i = 0; i < 3; i++) yield* run(chain, makeRequest(), "1 second")
      expect(textOf(yield* run(chain, makeRequest(), "1 second"))).toEqual([{ text: "b", provider: "b" }])
      expect(a.calls()).toBe(3)
    }))

  it.effect("the deadline budget skips a fallback whose typical first token no longer fits", () =>
    Effect.gen(function*() {
      const a = scriptedProvider("a", [fail("bad_response"), fail("bad_response")])
      const slow = scriptedProvider("slow", [text(["slow answer"], "3 seconds")])
      const fast = scriptedProvider("fast", [text(["fast answer"])])
      const chain = yield* makeLlmChain([a, slow, fast], policy)
      // a first call without a deadline teaches the chain that "slow" takes 3 s to its first token
      expect(textOf(yield* run(chain))).toEqual([{ text: "slow answer", provider: "slow" }])
      const now = yield* TestClock.currentTimeMillis
      const exit = yield* run(chain, makeRequest({ deadline: Option.some(now + 2_000) }))
      expect(textOf(exit)).toEqual([{ text: "fast answer", provider: "fast" }])
      expect(slow.calls()).toBe(1) // skipped the second time
    }))

  it.effect("the deadline budget stops retries whose backoff would not fit", () =>
    Effect.gen(function*() {
      const a = scriptedProvider("a", [fail("rate_limited", 5)])
      const b = scriptedProvider("b", [text(["b"])])
      const chain = yield* makeLlmChain([a, b], policy)
      const now = yield* TestClock.currentTimeMillis
      const fiber = yield* chain.stream(makeRequest({ deadline: Option.some(now + 3_000) })).pipe(
        Stream.runCollect,
        Effect.fork
      )
      yield* TestClock.adjust("10 millis") // far less than the 5 s Retry-After
      const exit = yield* Fiber.await(fiber)
      expect(textOf(Exit.map(exit, Chunk.toReadonlyArray))).toEqual([{ text: "b", provider: "b" }])
      expect(a.calls()).toBe(1)
    }))

  it.effect("the call's first attempt runs even when the deadline is tight", () =>
    Effect.gen(function*() {
      const a = scriptedProvider("a", [text(["a"])])
      const chain = yield* makeLlmChain([a], policy)
      const now = yield* TestClock.currentTimeMillis
      expect(textOf(yield* run(chain, makeRequest({ deadline: Option.some(now + 1) })))).toEqual([
        { text: "a", provider: "a" }
      ])
    }))

  it.effect("interrupting the call closes the committed provider's stream", () =>
    Effect.gen(function*() {
      const a = scriptedProvider("a", [endless(["one", "two"])])
      const chain = yield* makeLlmChain([a], policy)
      const taken = yield* chain.stream(makeRequest()).pipe(Stream.take(2), Stream.runCollect)
      expect(Chunk.toReadonlyArray(taken).map((c) => c.text)).toEqual(["one", "two"])
      expect(a.closed()).toBe(1)
    }))

  it.effect("an empty chain is ProvidersUnavailable", () =>
    Effect.gen(function*() {
      const chain = yield* makeLlmChain([], policy)
      expect(failureOf(yield* run(chain))).toBeInstanceOf(ProvidersUnavailable)
    }))
})

describe("LLM_PROVIDERS parsing", () => {
  it("accepts known names in order, case and spaces aside", () => {
    expect(parseProviderList(" Perplexity, openai ,catalog")).toEqual(["perplexity", "openai", "catalog"])
  })
  it("rejects unknown names, duplicates and an empty list", () => {
    expect(parseProviderList("openai,claude")).toMatch(/unknown provider\(s\) claude/)
    expect(parseProviderList("openai,openai")).toMatch(/twice/)
    expect(parseProviderList(" , ")).toMatch(/at least one/)
  })
})
