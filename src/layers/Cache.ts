/**
 * The cache, chosen by configuration alone: `CACHE=off` keeps nothing (for
 * benchmarks); otherwise Redis when `CACHE_URL` is set (replicas share it),
 * else the in-process LRU.
 */
import { Config, type ConfigError, Effect, Layer, Option } from "effect"
import { Cache } from "../services/Cache.js"
import { CacheMemoryLive } from "./CacheMemory.js"
import { cacheUrlConfig, CacheRedisLive, type InvalidCacheConfig } from "./CacheRedis.js"

/**
 * Keeps nothing: every lookup is a miss and `getOrCompute` just computes, with
 * no key, no flight to share, no span and no metric (CACHE=off is for
 * benchmarks and tests, where each call is to do the whole work).
 */
export const CacheOffLive: Layer.Layer<Cache> = Layer.succeed(Cache, Cache.of({
  enabled: false,
  get: () => Effect.succeed(Option.none()),
  set: () => Effect.void,
  getOrCompute: (_name, _key, _codec, compute) => compute
}))

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
