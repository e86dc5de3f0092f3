/**
 * A shared cache of values derived from browsing data (the analysis, and
 * opt-in the finished answer), so replicas do not analyse or pay for the same
 * context twice.
 *
 * The cache never fails a request: every method has `never` in its error
 * channel. A backend that is down, slow or returns garbage is a miss (logged
 * as a warning without keys or values, and counted in `cache_errors_total`).
 *
 * Keys are given in clear (a canonical text); the cache stores an entry under
 * the HMAC of its key only (layers/CacheBackend.ts), so neither a backend nor
 * anyone reading it can tell or confirm what a key was.
 */
import { Context, type Effect, type Option } from "effect"

/** Which kind of entry: also the `cache` label of the cache metrics. */
export type CacheName = "analysis" | "response"

/** How a value is stored: a decode that cannot read a stored value says so (a miss). */
export interface CacheCodec<A> {
  readonly encode: (value: A) => string
  readonly decode: (stored: string) => Option.Option<A>
}

export interface CacheService {
  /**
   * False when the cache keeps nothing (CACHE=off): every lookup misses, and
   * callers may skip building keys they would only throw away.
   */
  readonly enabled: boolean
  readonly get: (name: CacheName, key: string) => Effect.Effect<Option.Option<string>>
  /** Kept for the configured TTL; a failed write is only logged and counted. */
  readonly set: (name: CacheName, key: string, value: string) => Effect.Effect<void>
  /**
   * The cached value, or `compute`'s result, stored on success. Concurrent
   * calls for the same name and key share one lookup and one computation (no
   * thundering herd on a miss); a failure of `compute` is not stored, and is
   * what every caller waiting on it gets.
   */
  readonly getOrCompute: <A, E, R>(
    name: CacheName,
    key: string,
    codec: CacheCodec<A>,
    compute: Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E, R>
}

export class Cache extends Context.Tag("llm-worker-rec/Cache")<Cache, CacheService>() {}
