/**
 * When a provider is tried again before its first token: exponential backoff
 * with jitter, at least as long as the upstream's Retry-After, a bounded
 * number of times, and only for transient failures.
 */
import { Duration, Schedule } from "effect"
import type { ProviderFailure, ProviderFailureKind } from "../../domain/errors.js"

export interface RetryPolicy {
  /** Retries after the first attempt (0: no retry). */
  readonly retries: number
  /** Delay before the first retry; doubles for each one after. */
  readonly baseDelay: Duration.DurationInput
  /** Cap of the backoff delay (before Retry-After). */
  readonly maxDelay: Duration.DurationInput
  /**
   * The longest Retry-After worth waiting for: an upstream that asks for more
   * is handed over to the next provider at once.
   */
  readonly maxRetryAfter: Duration.DurationInput
}

export const defaultRetryPolicy: RetryPolicy = {
  retries: 2,
  baseDelay: "200 millis",
  maxDelay: "2 seconds",
  maxRetryAfter: "10 seconds"
}

/** Transient kinds: worth another try on the same provider. */
const retryableKinds: ReadonlySet<ProviderFailureKind> = new Set<ProviderFailureKind>([
  "connection",
  "timeout",
  "rate_limited",
  "server_error",
  "truncated"
])

/** Retryable: transient, and no text was sent yet (text sent cannot be taken back). */
export const isRetryable = (failure: ProviderFailure): boolean =>
  !failure.afterFirstToken && retryableKinds.has(failure.kind)

const retryAfter = (failure: ProviderFailure): Duration.Duration =>
  failure.retryAfterSeconds === undefined ? Duration.zero : Duration.seconds(failure.retryAfterSeconds)

/**
 * The retry schedule for one provider. Its input is the failure of the last
 * attempt; its output is the delay before the next one (so that a caller can
 * check the delay against a deadline with `Schedule.checkEffect`).
 */
export const retrySchedule = (policy: RetryPolicy): Schedule.Schedule<Duration.Duration, ProviderFailure> => {
  const maxDelay = Duration.decode(policy.maxDelay)
  const maxRetryAfter = Duration.decode(policy.maxRetryAfter)
  return Schedule.exponential(policy.baseDelay, 2).pipe(
    Schedule.jittered,
    Schedule.modifyDelay((_, delay) => Duration.min(delay, maxDelay)),
    Schedule.intersect(Schedule.recurs(policy.retries)),
    Schedule.intersect(Schedule.identity<ProviderFailure>()),
    Schedule.modifyDelay(([, failure], delay) => Duration.max(delay, retryAfter(failure))),
    Schedule.whileInput((failure: ProviderFailure) =>
      isRetryable(failure) && Duration.lessThanOrEqualTo(retryAfter(failure), maxRetryAfter)
    ),
    Schedule.delays
  )
}
