/**
 * The shared cache for replicas: Redis through node-redis, as a scoped
 * resource (connected when the layer is built, closed when it is released).
 *
 * - Every operation is bounded by `CACHE_TIMEOUT_MS`: a slow or unreachable
 *   Redis is a miss, never a slow call. Commands are not queued while the
 *   connection is down (`disableOfflineQueue`), so they fail at once.
 * - The client reconnects by itself with capped exponential backoff; a Redis
 *   that is down at start does not stop the worker from starting.
 * - Values are derived from browsing data, so they are sealed with AES-256-GCM
 *   (CacheCipher.ts) under `CACHE_ENCRYPTION_KEY`; Redis only sees ciphertext
 *   and keys that are HMACs (CacheBackend.ts) under a secret derived from the
 *   same key, so replicas with the same key share entries.
 */
import { createClient } from "redis"
import { Config, type ConfigError, Data, Duration, Effect, Either, Layer, Option, Redacted, Runtime, type Scope } from "effect"
import { Cache, type CacheService } from "../services/Cache.js"
import { createHmac } from "node:crypto"
import { type CacheBackend, CacheBackendError, fromBackend } from "./CacheBackend.js"
import { open, parseEncryptionKey, seal } from "./CacheCipher.js"
import { positiveInt } from "./configValues.js"

export interface RedisCacheOptions {
  /** redis:// or rediss://, maybe with a password: never logged. */
  readonly url: Redacted.Redacted
  readonly encryptionKey: Uint8Array
  readonly ttlSeconds: number
  readonly timeoutMs: number
}

/** The cache's configuration cannot work; `reason` is one sentence naming the variable. */
export class InvalidCacheConfig extends Data.TaggedError("InvalidCacheConfig")<{ readonly reason: string }> {
  override get message(): string {
    return this.reason
  }
}

/** Keeps this worker's entries apart from anything else in the same Redis; bump the version to drop them all. */
export const keyPrefix = "llm-worker-rec:v1:"

/** How long the start waits for a first connection before going on without one. */
const startupWait = Duration.seconds(2)

/** Backoff between reconnection attempts: 50 ms doubling, capped at 2 s. */
export const reconnectDelayMs = (retries: number): number => Math.min(50 * 2 ** Math.min(retries, 10), 2_000)

/** An error's name or code, never its message (a message may carry an address). */
const describe = (error: unknown): string => {
  if (error instanceof Error) {
    const name = error.name === "Error" ? error.constructor.name : error.name
    const code = (error as { code?: unknown }).code
    return typeof code === "string" ? `${name} (${code})` : name
  }
  return "unknown error"
}

/** The entries' key secret: derived from the encryption key (never the same bytes used for two purposes). */
export const keySecretOf = (encryptionKey: Uint8Array): Uint8Array =>
  createHmac("sha256", encryptionKey).update("llm-worker-rec cache entry keys v1").digest()

export const make = (options: RedisCacheOptions): Effect.Effect<CacheService, never, Scope.Scope> =>
  Effect.gen(function*() {
    const runtime = yield* Effect.runtime<never>()
    const log = Runtime.runFork(runtime)
    const client = createClient({
      url: Redacted.value(options.url),
      disableOfflineQueue: true,
      socket: {
        connectTimeout: Math.max(options.timeoutMs * 10, 1_000),
        reconnectStrategy: reconnectDelayMs
      }
    })
    // node-redis emits 'error' on each failed (re)connection attempt, and Node
    // would crash on an unhandled one; log only the transitions, not every retry.
    let connected = false
    client.on("error", (error: unknown) => {
      if (!connected) return
      connected = false
      log(Effect.logWarning("cache backend connection lost; lookups miss until it is back").pipe(
        Effect.annotateLogs({ backend: "redis", reason: describe(error) })
      ))
    })
    client.on("ready", () => {
      if (connected) return
      connected = true
      log(Effect.logInfo("cache backend connected").pipe(Effect.annotateLogs({ backend: "redis" })))
    })

    // connect() retries until it succeeds (or the client is closed), so it is
    // started in the (uninterruptible) acquire and awaited, bounded, after it.
    const connecting = yield* Effect.acquireRelease(
      Effect.sync(() => client.connect().then(() => true, () => false)),
      () =>
        Effect.gen(function*() {
          if (client.isReady) {
            yield* Effect.promise(() => client.close().catch(() => undefined)).pipe(
              Effect.timeoutOption(Duration.seconds(1))
            )
          }
          if (client.isOpen) client.destroy()
        })
    )
    const ready = yield* Effect.promise(() => connecting).pipe(
      Effect.timeoutTo({ duration: startupWait, onSuccess: (ok) => ok, onTimeout: () => false })
    )
    if (!ready) {
      yield* Effect.logWarning("cache backend not reachable at start; reconnecting in the background").pipe(
        Effect.annotateLogs({ backend: "redis" })
      )
    }

    const bounded = <A>(operation: "get" | "set", run: () => Promise<A>) =>
      Effect.tryPromise({ try: run, catch: (error) => new CacheBackendError({ operation, reason: describe(error) }) }).pipe(
        Effect.timeoutFail({
          duration: Duration.millis(options.timeoutMs),
          onTimeout: () => new CacheBackendError({ operation, reason: `no answer within ${options.timeoutMs} ms` })
        })
      )

    const backend: CacheBackend = {
      kind: "redis",
      get: (key) => {
        const stored = keyPrefix + key
        return Effect.flatMap(bounded("get", () => client.get(stored)), (sealed) => {
          if (sealed === null) return Effect.succeed(Option.none())
          const plaintext = open(options.encryptionKey, String(sealed), stored)
          return Option.isSome(plaintext)
            ? Effect.succeed(plaintext)
            : Effect.fail(new CacheBackendError({
              operation: "get",
              reason: "a stored value failed authentication (altered, or sealed under another key)"
            }))
        })
      },
      set: (key, value) => {
        const stored = keyPrefix + key
        return Effect.asVoid(bounded("set", () =>
          client.set(stored, seal(options.encryptionKey, value, stored), {
            expiration: { type: "EX", value: options.ttlSeconds }
          })))
      }
    }
    return fromBackend(backend, keySecretOf(options.encryptionKey))
  })

export const defaultTimeoutMs = 100

/** `CACHE_URL` when set and not empty. */
export const cacheUrlConfig: Config.Config<Option.Option<Redacted.Redacted>> = Config.option(Config.redacted("CACHE_URL")).pipe(
  Config.map(Option.filter((url) => Redacted.value(url).trim() !== ""))
)

const isRedisUrl = (text: string): boolean => {
  try {
    const url = new URL(text)
    return (url.protocol === "redis:" || url.protocol === "rediss:") && url.hostname !== ""
  } catch {
    return false
  }
}

/** Reads and checks the Redis settings; a missing or malformed key is one sentence naming the variable. */
export const redisCacheOptions = (
  url: Redacted.Redacted
): Effect.Effect<RedisCacheOptions, ConfigError.ConfigError | InvalidCacheConfig> =>
  Effect.gen(function*() {
    if (!isRedisUrl(Redacted.value(url).trim())) {
      return yield* new InvalidCacheConfig({ reason: "CACHE_URL must be a redis:// or rediss:// URL with a host." })
    }
    const settings = yield* Config.all({
      key: Config.option(Config.redacted("CACHE_ENCRYPTION_KEY")),
      ttlSeconds: positiveInt("CACHE_TTL_S", 600),
      timeoutMs: positiveInt("CACHE_TIMEOUT_MS", defaultTimeoutMs)
    })
    if (Option.isNone(settings.key) || Redacted.value(settings.key.value).trim() === "") {
      return yield* new InvalidCacheConfig({
        reason: "CACHE_URL is set but CACHE_ENCRYPTION_KEY is not: cached values are derived from browsing data and " +
          "must be encrypted in Redis (set it to 32 random bytes, e.g. `openssl rand -base64 32`)."
      })
    }
    const key = parseEncryptionKey(Redacted.value(settings.key.value))
    if (Either.isLeft(key)) return yield* new InvalidCacheConfig({ reason: key.left })
    return {
      url: Redacted.make(Redacted.value(url).trim()),
      encryptionKey: key.right,
      ttlSeconds: settings.ttlSeconds,
      timeoutMs: settings.timeoutMs
    }
  })

/** The Redis cache from `CACHE_URL`, `CACHE_ENCRYPTION_KEY`, `CACHE_TTL_S` and `CACHE_TIMEOUT_MS`. */
export const CacheRedisLive: Layer.Layer<Cache, ConfigError.ConfigError | InvalidCacheConfig> = Layer.scoped(
  Cache,
  Effect.gen(function*() {
    const url = yield* cacheUrlConfig
    if (Option.isNone(url)) {
      return yield* new InvalidCacheConfig({ reason: "CACHE_URL must be set for the Redis cache." })
    }
    return yield* make(yield* redisCacheOptions(url.value))
  })
)

/** A Redis cache with fixed options, for tests and tools. */
export const layer = (options: RedisCacheOptions): Layer.Layer<Cache> => Layer.scoped(Cache, make(options))
