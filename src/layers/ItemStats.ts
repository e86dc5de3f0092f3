/** Item statistics, chosen by configuration: Redis when CACHE_URL is set (replicas learn together), else memory. */
import { type ConfigError, Effect, Layer, Option } from "effect"
import type { ItemStats } from "../services/ItemStats.js"
import { cacheUrlConfig, type InvalidCacheConfig } from "./CacheRedis.js"
import { ItemStatsMemoryLive } from "./ItemStatsMemory.js"
import { ItemStatsRedisLive } from "./ItemStatsRedis.js"

export const ItemStatsLive: Layer.Layer<ItemStats, ConfigError.ConfigError | InvalidCacheConfig> = Layer.unwrapEffect(
  Effect.map(cacheUrlConfig, (url) => (Option.isSome(url) ? ItemStatsRedisLive : ItemStatsMemoryLive))
)
