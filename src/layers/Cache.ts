/**
 * The cache, chosen by configuration alone: `CACHE=off` keeps nothing (for
 * benchmarks); otherwise Redis when `CACHE_URL` is set (replicas share it),
 * else the in-process LRU.
 */
import { Config, type ConfigError, Effect, Layer, Option } from "effect"
import { Cache } from "../services/Cache.js"
import { fromBackend, noBackend } from "./CacheBackend.js"
import { CacheMemoryLive } from "./CacheMemory.js"
import { cacheUrlConfig, CacheRedisLive, type InvalidCacheConfig } from "./CacheRedis.js"

/** Keeps nothing: every lookup is a miss, and `getOrCompute` computes (still single-flight). */
export const CacheOffLive: Layer.Layer<Cache> = Layer.sync(Cache, () => fromBackend(noBackend))

export const cacheModeConfig: Config.Config<"on" | "off"> = Config.literal("on", "off")("CACHE").pipe(
  Config.withDefault("on" as const)
)

export const CacheLive: Layer.Layer<Cache, ConfigError.ConfigError | InvalidCacheConfig> = Layer.unwrapEffect(
  Effect.gen(function*() {
    if ((yield* cacheModeConfig) === "off") return CacheOffLive
    const url = yield* cacheUrlConfig
    return Option.isSome(url) ? CacheRedisLive : CacheMemoryLive
  })
)
