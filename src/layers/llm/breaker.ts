/**
 * A per-provider circuit breaker: after `failureThreshold` consecutive failed
 * attempts the provider is skipped for `cooldown`; then one trial attempt is
 * let through (half-open): success closes the circuit, failure opens it again.
 * Time comes from Effect's Clock, so the TestClock drives it in tests.
 */
import { Clock, Duration, Effect, Ref } from "effect"

export interface BreakerPolicy {
  readonly failureThreshold: number
  readonly cooldown: Duration.DurationInput
}

export const defaultBreakerPolicy: BreakerPolicy = { failureThreshold: 5, cooldown: "30 seconds" }

export type BreakerState =
  | { readonly _tag: "Closed"; readonly failures: number }
  | { readonly _tag: "Open"; readonly until: number }
  /** A trial attempt started at `since`; others wait for it (or for it to go stale after a cool-down). */
  | { readonly _tag: "HalfOpen"; readonly since: number }

export const closed: BreakerState = { _tag: "Closed", failures: 0 }

/** Whether an attempt may start at `now`, and the state after deciding. */
export const acquire = (state: BreakerState, now: number, cooldownMs: number): readonly [boolean, BreakerState] => {
  switch (state._tag) {
    case "Closed":
      return [true, state]
    case "Open":
      return now >= state.until ? [true, { _tag: "HalfOpen", since: now }] : [false, state]
    case "HalfOpen":
      // A trial that never reported (its call was interrupted) goes stale after a cool-down.
      return now - state.since >= cooldownMs ? [true, { _tag: "HalfOpen", since: now }] : [false, state]
  }
}

export const onFailure = (state: BreakerState, now: number, policy: BreakerPolicy): BreakerState => {
  const cooldownMs = Duration.toMillis(policy.cooldown)
  switch (state._tag) {
    case "Closed":
      return state.failures + 1 >= policy.failureThreshold
        ? { _tag: "Open", until: now + cooldownMs }
        : { _tag: "Closed", failures: state.failures + 1 }
    case "HalfOpen":
      return { _tag: "Open", until: now + cooldownMs }
    case "Open":
      return state
  }
}

export const onSuccess = (_state: BreakerState): BreakerState => closed

export interface CircuitBreaker {
  /** True when an attempt may start now (and, when half-open, makes it the trial). */
  readonly tryAcquire: Effect.Effect<boolean>
  readonly recordSuccess: Effect.Effect<void>
  readonly recordFailure: Effect.Effect<void>
  readonly state: Effect.Effect<BreakerState>
}

export const makeCircuitBreaker = (policy: BreakerPolicy): Effect.Effect<CircuitBreaker> =>
  Effect.map(Ref.make<BreakerState>(closed), (ref) => {
    const cooldownMs = Duration.toMillis(policy.cooldown)
    return {
      tryAcquire: Effect.flatMap(Clock.currentTimeMillis, (now) => Ref.modify(ref, (s) => acquire(s, now, cooldownMs))),
      recordSuccess: Ref.update(ref, onSuccess),
      recordFailure: Effect.flatMap(Clock.currentTimeMillis, (now) => Ref.update(ref, (s) => onFailure(s, now, policy))),
      state: Ref.get(ref)
    }
  })
