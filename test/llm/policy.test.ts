/**
 * The chain's policy pieces on their own: the retry schedule, the circuit
 * breaker and the deadline budget, driven by the TestClock where time matters.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Duration, Effect, Fiber, Option, Schedule, TestClock } from "effect"
import { ProviderFailure, type ProviderFailureKind } from "../../src/domain/errors.js"
import { acquire, type BreakerPolicy, closed, makeCircuitBreaker, onFailure } from "../../src/layers/llm/breaker.js"
import { ewma, fitsBudget, makeLatencyEstimate } from "../../src/layers/llm/budget.js"
import { isRetryable, type RetryPolicy, retrySchedule } from "../../src/layers/llm/retry.js"

const failure = (kind: ProviderFailureKind, extra: { afterFirstToken?: boolean; retryAfterSeconds?: number } = {}) =>
  new ProviderFailure({ provider: "p", kind, afterFirstToken: extra.afterFirstToken ?? false, detail: "test", ...(extra.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: extra.retryAfterSeconds }) })

const policy: RetryPolicy = { retries: 3, baseDelay: "100 millis", maxDelay: "250 millis", maxRetryAfter: "10 seconds" }

const delaysFor = (inputs: ReadonlyArray<ProviderFailure>, p: RetryPolicy = policy) =>
  Schedule.run(retrySchedule(p), 0, inputs).pipe(Effect.map((out) => Chunk.toReadonlyArray(out).map(Duration.toMillis)))

describe("retry schedule", () => {
  it("retries only transient failures before the first token", () => {
    for (const kind of ["connection", "timeout", "rate_limited", "server_error", "truncated"] as const) {
      expect(isRetryable(failure(kind))).toBe(true)
      expect(isRetryable(failure(kind, { afterFirstToken: true }))).toBe(false)
    }
    for (const kind of ["bad_response", "circuit_open", "idle_timeout"] as const) {
      expect(isRetryable(failure(kind))).toBe(false)
    }
  })

  it.effect("backs off exponentially with jitter, capped, a bounded number of times", () =>
    Effect.gen(function*() {
      const delays = yield* delaysFor(Array.from({ length: 6 }, () => failure("server_error")))
      // three retries, then done (the schedule's last output is a zero delay)
      expect(delays).toHaveLength(4)
      expect(delays[3]).toBe(0)
      const [first, second, third] = delays
      expect(first).toBeGreaterThanOrEqual(80)
      expect(first).toBeLessThanOrEqual(120)
      expect(second).toBeGreaterThanOrEqual(160)
      expect(second).toBeLessThanOrEqual(240)
      expect(third).toBeLessThanOrEqual(250) // 400 ± 20 % capped
    }))

  it.effect("waits at least as long as Retry-After", () =>
    Effect.gen(function*() {
      const delays = yield* delaysFor([failure("rate_limited", { retryAfterSeconds: 3 }), failure("server_error")])
      expect(delays[0]).toBe(3_000)
    }))

  it.effect("does not wait for a Retry-After beyond the maximum: hands over at once", () =>
    Effect.gen(function*() {
      const delays = yield* delaysFor([failure("rate_limited", { retryAfterSeconds: 60 })])
      expect(delays).toEqual([0])
    }))

  it.effect("stops at a failure that is not retryable", () =>
    Effect.gen(function*() {
      expect(yield* delaysFor([failure("bad_response")])).toEqual([0])
      expect(yield* delaysFor([failure("server_error", { afterFirstToken: true })])).toEqual([0])
    }))

  it.effect("with zero retries never retries", () =>
    Effect.gen(function*() {
      expect(yield* delaysFor([failure("connection")], { ...policy, retries: 0 })).toEqual([0])
    }))

  it.effect("drives Effect.retry on the TestClock: the second attempt waits for Retry-After", () =>
    Effect.gen(function*() {
      let attempts = 0
      const flaky = Effect.suspend(() => {
        attempts++
        return attempts === 1 ? Effect.fail(failure("rate_limited", { retryAfterSeconds: 5 })) : Effect.succeed("ok")
      })
      const fiber = yield* Effect.fork(Effect.retry(flaky, retrySchedule(policy)))
      yield* TestClock.adjust("4999 millis")
      expect(attempts).toBe(1)
      yield* TestClock.adjust("1 millis")
      expect(yield* Fiber.join(fiber)).toBe("ok")
      expect(attempts).toBe(2)
    }))
})

describe("circuit breaker", () => {
  const breakerPolicy: BreakerPolicy = { failureThreshold: 3, cooldown: "10 seconds" }

  it("opens after N consecutive failures (pure transitions)", () => {
    let state = closed
    state = onFailure(state, 0, breakerPolicy)
    state = onFailure(state, 0, breakerPolicy)
    expect(state).toEqual({ _tag: "Closed", failures: 2 })
    state = onFailure(state, 0, breakerPolicy)
    expect(state).toEqual({ _tag: "Open", until: 10_000 })
    expect(acquire(state, 9_999, 10_000)[0]).toBe(false)
    const [allowed, halfOpen] = acquire(state, 10_000, 10_000)
    expect(allowed).toBe(true)
    expect(halfOpen).toEqual({ _tag: "HalfOpen", since: 10_000 })
    // only one trial at a time
    expect(acquire(halfOpen, 10_001, 10_000)[0]).toBe(false)
  })

  it.effect("skips for the cool-down, lets one trial through, closes on success, reopens on failure", () =>
    Effect.gen(function*() {
      const breaker = yield* makeCircuitBreaker(breakerPolicy)
      for (let i = 0; i < 3; i++) {
        expect(yield* breaker.tryAcquire).toBe(true)
        yield* breaker.recordFailure
      }
      expect(yield* breaker.tryAcquire).toBe(false)
      yield* TestClock.adjust("9 seconds")
      expect(yield* breaker.tryAcquire).toBe(false)
      yield* TestClock.adjust("1 second")
      expect(yield* breaker.tryAcquire).toBe(true) // the trial
      expect(yield* breaker.tryAcquire).toBe(false) // others wait for it
      yield* breaker.recordFailure
      expect((yield* breaker.state)._tag).toBe("Open")
      yield* TestClock.adjust("10 seconds")
      expect(yield* breaker.tryAcquire).toBe(true)
      yield* breaker.recordSuccess
      expect(yield* breaker.state).toEqual(closed)
      expect(yield* breaker.tryAcquire).toBe(true)
    }))

  it.effect("a success resets the count of consecutive failures", () =>
    Effect.gen(function*() {
      const breaker = yield* makeCircuitBreaker(breakerPolicy)
      yield* breaker.recordFailure
      yield* breaker.recordFailure
      yield* breaker.recordSuccess
      yield* breaker.recordFailure
      yield* breaker.recordFailure
      expect(yield* breaker.tryAcquire).toBe(true)
    }))

  it.effect("a trial that never reports goes stale after a cool-down", () =>
    Effect.gen(function*() {
      const breaker = yield* makeCircuitBreaker({ failureThreshold: 1, cooldown: "1 second" })
      yield* breaker.recordFailure
      yield* TestClock.adjust("1 second")
      expect(yield* breaker.tryAcquire).toBe(true)
      expect(yield* breaker.tryAcquire).toBe(false)
      yield* TestClock.adjust("1 second")
      expect(yield* breaker.tryAcquire).toBe(true)
    }))
})

describe("deadline budget", () => {
  it("the moving average starts at the first sample and moves toward new ones", () => {
    expect(ewma(Option.none(), 100, 0.3)).toBe(100)
    expect(ewma(Option.some(100), 200, 0.3)).toBeCloseTo(130)
  })

  it.effect("the estimate follows observations", () =>
    Effect.gen(function*() {
      const estimate = yield* makeLatencyEstimate(0.5)
      expect(yield* estimate.current).toEqual(Option.none())
      yield* estimate.observe(1_000)
      yield* estimate.observe(2_000)
      expect(yield* estimate.current).toEqual(Option.some(1_500))
    }))

  it("fits when there is no deadline, or when the expected first token comes before it", () => {
    const base = { now: 1_000, delayMs: 0, marginMs: 100 }
    expect(fitsBudget({ ...base, deadline: Option.none(), expectedFirstTokenMs: Option.some(1e9) })).toBe(true)
    expect(fitsBudget({ ...base, deadline: Option.some(3_000), expectedFirstTokenMs: Option.some(1_900) })).toBe(true)
    expect(fitsBudget({ ...base, deadline: Option.some(3_000), expectedFirstTokenMs: Option.some(1_901) })).toBe(false)
    expect(fitsBudget({ ...base, delayMs: 500, deadline: Option.some(3_000), expectedFirstTokenMs: Option.some(1_500) })).toBe(false)
    // unknown estimate: only the margin must fit
    expect(fitsBudget({ ...base, deadline: Option.some(1_100), expectedFirstTokenMs: Option.none() })).toBe(true)
    expect(fitsBudget({ ...base, deadline: Option.some(1_099), expectedFirstTokenMs: Option.none() })).toBe(false)
  })
})
