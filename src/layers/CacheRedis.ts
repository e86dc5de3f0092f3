/**
 * The shared cache for replicas: Redis through node-redis, connected as
 * RedisClient.ts connects (a scoped resource; every operation bounded by
 * `CACHE_TIMEOUT_MS`, so a slow or unreachable Redis is a miss, never a slow
 * call; reconnection in the background).
 *
 * - Values are derived from browsing data, so they are sealed with AES-256-GCM
 *   (CacheCipher.ts) under `CACHE_ENCRYPTION_KEY`; Redis only sees ciphertext
 *   and keys that are HMACs (CacheBackend.ts) under a secret derived from the
 *   same key, so replicas with the same key share entries.
 */
import { Config, type ConfigError, Data, Effect, Either, Layer, Option, Redacted, type Scope } from "effect"
import { Cache, type CacheService } from "../services/Cache.js"
import { createHmac } from "node:crypto"
import { type CacheBackend, CacheBackendError, fromBackend } from "./CacheBackend.js"
import { open, parseEncryptionKey, seal } from "./CacheCipher.js"
import { positiveInt } from "./configValues.js"
import { cacheUrlConfig, connect, defaultTimeoutMs, isRedisUrl, keyPrefix, reconnectDelayMs } from "./RedisClient.js"

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

export { keyPrefix, reconnectDelayMs }

/** The entries' key secret: derived from the encryption key (never the same bytes used for two purposes). */
export const keySecretOf = (encryptionKey: Uint8Array): Uint8Array =>
  createHmac("sha256", encryptionKey).update("llm-worker-rec cache entry keys v1").digest()

export const make = (options: RedisCacheOptions): Effect.Effect<CacheService, never, Scope.Scope> =>
  Effect.gen(function*() {
    const redis = yield* connect({
      url: options.url,
      timeoutMs: options.timeoutMs,
      role: "cache backend",
      whileDown: "lookups miss"
    })
    const client = redis.client

    const bounded = <A>(operation: "get" | "set", run: () => Promise<A>) =>
      Effect.mapError(redis.run(operation, run), (error) => new CacheBackendError({ operation, reason: error.reason }))

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

export { cacheUrlConfig, defaultTimeoutMs }

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
