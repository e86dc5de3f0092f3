/**
 * The in-memory cache (the default): a bounded LRU whose entries expire after
 * a TTL. Time comes from Effect's Clock, so expiry is testable with TestClock.
 * Values stay in this process, so they are not encrypted.
 */
import { Clock, Config, type ConfigError, Effect, Layer, Option } from "effect"
import { Cache, type CacheService } from "../services/Cache.js"
import { type CacheBackend, fromBackend } from "./CacheBackend.js"

export interface MemoryCacheOptions {
  readonly maxEntries: number
  readonly ttlSeconds: number
}

export const defaultMemoryCacheOptions: MemoryCacheOptions = { maxEntries: 10_000, ttlSeconds: 600 }

interface Entry {
  readonly value: string
  readonly expiresAt: number
}

/** The LRU itself: a Map's insertion order is its recency order (oldest first). */
export const makeMemoryBackend = (options: MemoryCacheOptions): CacheBackend => {
  const entries = new Map<string, Entry>()
  const ttlMs = options.ttlSeconds * 1000
  return {
    kind: "memory",
    get: (key) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const entry = entries.get(key)
        if (entry === undefined) return Option.none()
        entries.delete(key)
        if (entry.expiresAt <= now) return Option.none()
        entries.set(key, entry) // most recently used now
        return Option.some(entry.value)
      }),
    set: (key, value) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        entries.delete(key)
        entries.set(key, { value, expiresAt: now + ttlMs })
        for (const oldest of entries.keys()) {
          if (entries.size <= options.maxEntries) break
          entries.delete(oldest)
        }
      })
  }
}

export const make = (options: MemoryCacheOptions = defaultMemoryCacheOptions): Effect.Effect<CacheService> =>
  Effect.sync(() => fromBackend(makeMemoryBackend(options)))

const positiveInt = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.validate({ message: "must be a positive integer", validation: (n) => n > 0 }),
    Config.withDefault(fallback)
  )

/** `CACHE_MAX_ENTRIES` (default 10000) and `CACHE_TTL_S` (default 600). */
export const memoryCacheConfig: Config.Config<MemoryCacheOptions> = Config.all({
  maxEntries: positiveInt("CACHE_MAX_ENTRIES", defaultMemoryCacheOptions.maxEntries),
  ttlSeconds: positiveInt("CACHE_TTL_S", defaultMemoryCacheOptions.ttlSeconds)
})

export const CacheMemoryLive: Layer.Layer<Cache, ConfigError.ConfigError> = Layer.effect(
  Cache,
  Effect.flatMap(memoryCacheConfig, make)
)

/** A memory cache with fixed options, for tests and tools. */
export const layer = (options: MemoryCacheOptions = defaultMemoryCacheOptions): Layer.Layer<Cache> =>
  Layer.effect(Cache, make(options))
