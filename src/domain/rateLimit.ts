/**
 * Per-key request rates, pure: the generic cell rate algorithm (GCRA), the
 * token bucket written as one number per key. A bucket holds `burst`
 * requests and refills at `perMinute`; its whole state is the theoretical
 * arrival time (TAT) of the next request. The Redis script in
 * src/layers/RateLimiterRedis.ts is the same arithmetic, for the fleet.
 */

export interface RateLimit {
  /** Requests per minute, sustained. */
  readonly perMinute: number
  /** Requests that may arrive at once after a quiet spell (at least 1). */
  readonly burst: number
}

/** Milliseconds between two requests at the sustained rate. */
export const emissionIntervalMs = (limit: RateLimit): number => 60_000 / limit.perMinute

/** What a bucket says to one request. */
export type RateDecision =
  | { readonly _tag: "Admitted" }
  | { readonly _tag: "Limited"; readonly retryAfterMs: number }

export type GcraDecision =
  | { readonly _tag: "Admitted"; readonly tat: number }
  | { readonly _tag: "Limited"; readonly retryAfterMs: number }

/**
 * One request at `now` against a bucket whose TAT is `tat` (undefined: never
 * used, or expired). Admitted: the bucket's new TAT. Limited: how long until
 * one request would be admitted (the bucket is left as it was).
 */
export const gcra = (limit: RateLimit, tat: number | undefined, now: number): GcraDecision => {
  const interval = emissionIntervalMs(limit)
  const current = Math.max(tat ?? now, now)
  // Written without adding then subtracting the interval, so a bucket is exactly full when its wait is over.
  const allowAt = current - (limit.burst - 1) * interval
  return now < allowAt
    ? { _tag: "Limited", retryAfterMs: Math.ceil(allowAt - now) }
    : { _tag: "Admitted", tat: current + interval }
}

/** How long a bucket's state matters after `now`: once its TAT has passed it is as good as new. */
export const bucketTtlMs = (tat: number, now: number): number => Math.max(1, Math.ceil(tat - now))

/** The sentence a limited caller reads: which limit, and when to retry. */
export const rateLimitedReason = (limit: RateLimit, retryAfterMs: number, perKey: boolean): string => {
  const seconds = Math.max(0.1, Math.ceil(retryAfterMs / 100) / 10)
  return `Rate limit reached for this ${perKey ? "API key" : "service"} (${limit.perMinute} requests per minute, ` +
    `bursts of ${limit.burst}); retry in ${seconds} s.`
}
