/**
 * What every cache implementation shares, built over a small backend (the
 * in-memory LRU, Redis, or nothing): backend failures become misses with a
 * warning and a metric, lookups are counted, and concurrent identical misses
 * share one computation.
 */
import { createHmac, randomBytes } from "node:crypto"
import { Cause, Data, Deferred, Effect, Exit, FiberId, Option } from "effect"
import { type CacheCodec, type CacheName, Cache, type CacheService } from "../services/Cache.js"
import { countError, countHit, countMiss } from "./CacheMetrics.js"

/**
 * A backend operation that did not complete. `reason` is written by us and
 * carries no key or value (it is logged).
 */
export class CacheBackendError extends Data.TaggedError("CacheBackendError")<{
  readonly operation: "get" | "set"
  readonly reason: string
}> {}

export interface CacheBackend {
  /** For logs: "memory", "redis" or "off". */
  readonly kind: string
  readonly get: (key: string) => Effect.Effect<Option.Option<string>, CacheBackendError>
  readonly set: (key: string, value: string) => Effect.Effect<void, CacheBackendError>
}

/**
 * Where an entry is stored: its cache name and the HMAC-SHA256 of the
 * caller's key under the cache's key secret. The backend (Redis) never sees a
 * key in clear, and without the secret a guessed context cannot be confirmed
 * by computing its key. One HMAC over the key's text: the cost of the plain
 * SHA-256 it replaces.
 */
export const entryKey = (secret: Uint8Array, name: CacheName, key: string): string =>
  `${name}:${createHmac("sha256", secret).update(`${name}\u0000`).update(key, "utf8").digest("base64url")}`

/** Bytes of a key secret. */
export const keySecretBytes = 32

/**
 * The service over a backend. `keySecret` keys the entries' names (see
 * `entryKey`): derived from the encryption key for Redis, so replicas share
 * entries; random per process otherwise, where nothing outlives the process.
 */
export const fromBackend = (backend: CacheBackend, keySecret: Uint8Array = randomBytes(keySecretBytes)): CacheService => {
  const entryOf = (name: CacheName, key: string) => entryKey(keySecret, name, key)
  const reportError = (name: CacheName, error: CacheBackendError) =>
    Effect.zipRight(
      countError(name),
      Effect.logWarning("cache backend failed; going on without it").pipe(
        Effect.annotateLogs({ cache: name, backend: backend.kind, operation: error.operation, reason: error.reason })
      )
    )

  // Below, `entry` is a key already through entryOf: the HMAC is computed once per operation.

  /** The stored text, or none on an absent entry or any backend failure. */
  const lookup = (name: CacheName, entry: string): Effect.Effect<Option.Option<string>> =>
    backend.get(entry).pipe(
      Effect.catchAll((error) => Effect.as(reportError(name, error), Option.none())),
      Effect.withSpan("Cache.lookup", { attributes: { "cache.name": name, "cache.backend": backend.kind } })
    )

  const get = (name: CacheName, key: string): Effect.Effect<Option.Option<string>> =>
    Effect.tap(lookup(name, entryOf(name, key)), (found) => Option.isSome(found) ? countHit(name) : countMiss(name))

  const store = (name: CacheName, entry: string, value: string): Effect.Effect<void> =>
    backend.set(entry, value).pipe(
      Effect.catchAll((error) => reportError(name, error)),
      Effect.withSpan("Cache.store", { attributes: { "cache.name": name, "cache.backend": backend.kind } })
    )

  const set = (name: CacheName, key: string, value: string): Effect.Effect<void> => store(name, entryOf(name, key), value)

  /** One flight: the decoded cached value, or the computed one (stored when it succeeded). */
  const lookupOrCompute = <A, E, R>(
    name: CacheName,
    entry: string,
    codec: CacheCodec<A>,
    compute: Effect.Effect<A, E, R>
  ): Effect.Effect<A, E, R> =>
    Effect.gen(function*() {
      const stored = yield* lookup(name, entry)
      if (Option.isSome(stored)) {
        const decoded = codec.decode(stored.value)
        if (Option.isSome(decoded)) {
          yield* countHit(name)
          return decoded.value
        }
        // Written by another version, or damaged: recomputing is always safe.
        yield* Effect.logWarning("cached value could not be decoded; recomputing").pipe(
          Effect.annotateLogs({ cache: name, backend: backend.kind })
        )
      }
      yield* countMiss(name)
      const value = yield* compute
      yield* store(name, entry, codec.encode(value))
      return value
    })

  /** Each running flight's outcome, by entry. */
  const inflight = new Map<string, Deferred.Deferred<Exit.Exit<unknown, unknown>>>()

  const getOrCompute = <A, E, R>(
    name: CacheName,
    key: string,
    codec: CacheCodec<A>,
    compute: Effect.Effect<A, E, R>
  ): Effect.Effect<A, E, R> => {
    const id = entryOf(name, key)
    // Join the running flight, or lead a new one. Registration and clean-up are
    // uninterruptible so that a cancelled call never leaves a flight behind.
    const joinOrLead = Effect.uninterruptibleMask((restore) =>
      Effect.suspend(() => {
        const running = inflight.get(id) as Deferred.Deferred<Exit.Exit<A, E>> | undefined
        if (running !== undefined) {
          return Effect.map(restore(Deferred.await(running)), (exit) => ({ exit, led: false }))
        }
        // Made and registered synchronously: no other fiber can start a second flight in between.
        const deferred = Deferred.unsafeMake<Exit.Exit<A, E>>(FiberId.none)
        inflight.set(id, deferred as Deferred.Deferred<Exit.Exit<unknown, unknown>>)
        return restore(lookupOrCompute(name, id, codec, compute)).pipe(
          Effect.exit,
          Effect.tap((exit) => {
            inflight.delete(id)
            return Deferred.succeed(deferred, exit)
          }),
          Effect.map((exit) => ({ exit, led: true }))
        )
      })
    )
    const run: Effect.Effect<A, E, R> = Effect.flatMap(joinOrLead, ({ exit, led }) =>
      // The leader's call was cancelled (its client went away): a waiter takes over.
      !led && Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause) ? Effect.suspend(() => run) : exit)
    return run
  }

  return Cache.of({ enabled: true, get, set, getOrCompute })
}
