/**
 * The in-memory cache (the default): an LRU bounded both in entries and in
 * bytes, whose entries expire after a TTL. Time comes from Effect's Clock, so
 * expiry is testable with TestClock. Values stay in this process, so they are
 * not encrypted.
 */
import { Clock, Config, type ConfigError, Effect, Layer } from "effect"
import { Cache, type CacheService } from "../services/Cache.js"
import { type CacheBackend, fromBackend } from "./CacheBackend.js"
import { positiveInt } from "./configValues.js"
import { makeExpiringLru } from "./expiringLru.js"

export interface MemoryCacheOptions {
  readonly maxEntries: number
  readonly ttlSeconds: number
  /** Budget of the entries' memory, as `entryBytes` counts it (64 MiB when absent). */
  readonly maxBytes?: number
}

export const defaultMaxBytes = 64 * 1024 * 1024

export const defaultMemoryCacheOptions: MemoryCacheOptions = { maxEntries: 10_000, ttlSeconds: 600, maxBytes: defaultMaxBytes }

/**
 * What an entry costs the heap, as an upper bound: V8 keeps a string in one or
 * two bytes per UTF-16 unit (two is counted), plus the Map slot, the entry
 * record and the strings' headers.
 */
export const entryOverheadBytes = 160
export const entryBytes = (key: string, value: string): number => 2 * (key.length + value.length) + entryOverheadBytes

/** The LRU itself, with Effect's Clock for time. */
export const makeMemoryBackend = (options: MemoryCacheOptions): CacheBackend => {
  const entries = makeExpiringLru<string>({
    maxEntries: options.maxEntries,
    ttlMs: options.ttlSeconds * 1000,
    maxBytes: options.maxBytes ?? defaultMaxBytes,
    sizeOf: entryBytes
  })
  return {
    kind: "memory",
    get: (key) => Effect.map(Clock.currentTimeMillis, (now) => entries.get(key, now)),
    set: (key, value) => Effect.map(Clock.currentTimeMillis, (now) => entries.set(key, value, now))
  }
}

export const make = (options: MemoryCacheOptions = defaultMemoryCacheOptions): Effect.Effect<CacheService> =>
  Effect.sync(() => fromBackend(makeMemoryBackend(options)))

/** `CACHE_MAX_ENTRIES` (default 10000), `CACHE_MAX_BYTES` (default 64 MiB) and `CACHE_TTL_S` (default 600). */
export const memoryCacheConfig: Config.Config<MemoryCacheOptions> = Config.all({
  maxEntries: positiveInt("CACHE_MAX_ENTRIES", defaultMemoryCacheOptions.maxEntries),
  ttlSeconds: positiveInt("CACHE_TTL_S", defaultMemoryCacheOptions.ttlSeconds),
  maxBytes: positiveInt("CACHE_MAX_BYTES", defaultMaxBytes)
})

export const CacheMemoryLive: Layer.Layer<Cache, ConfigError.ConfigError> = Layer.effect(
  Cache,
  Effect.flatMap(memoryCacheConfig, make)
)

/** A memory cache with fixed options, for tests and tools. */
export const layer = (options: MemoryCacheOptions = defaultMemoryCacheOptions): Layer.Layer<Cache> =>
  Layer.effect(Cache, make(options))
