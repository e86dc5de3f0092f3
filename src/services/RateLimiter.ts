/**
 * How often a caller may start a recommendation: a per-key request rate
 * (`RATE_LIMIT_PER_KEY`), on top of the per-key concurrency of AccessControl.
 */
import { Context, type Effect } from "effect"
import type { ResourceExhausted } from "../domain/errors.js"

export interface RateLimiterService {
  /**
   * Counts one request against the caller's bucket (`keyId` undefined: the
   * open service's single bucket), or fails with `ResourceExhausted` saying
   * when to retry (`retryAfterMs`). Never fails for any other reason.
   */
  readonly admit: (keyId: string | undefined) => Effect.Effect<void, ResourceExhausted>
}

export class RateLimiter extends Context.Tag("llm-worker-rec/RateLimiter")<RateLimiter, RateLimiterService>() {}
