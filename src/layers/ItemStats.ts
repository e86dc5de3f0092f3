/** Item statistics, chosen by configuration: Redis when CACHE_URL is set (replicas learn together), else memory. */
import { type ConfigError, Effect, Layer, Option } from "effect"
import type { ItemStats } from "../services/ItemStats.js"
import type { InvalidCacheConfig } from "./CacheRedis.js"
import { ItemStatsMemoryLive } from "./ItemStatsMemory.js"
import { ItemStatsRedisLive } from "./ItemStatsRedis.js"
import { SharedRedis, SharedRedisLive } from "./RedisClient.js"

/** Redis through the process's shared connection (one per process: SharedRedisLive is memoized), else memory. */
export const ItemStatsLive: Layer.Layer<ItemStats, ConfigError.ConfigError | InvalidCacheConfig> = Layer.unwrapEffect(
  Effect.map(SharedRedis, (shared) => (Option.isSome(shared) ? ItemStatsRedisLive : ItemStatsMemoryLive))
).pipe(Layer.provide(SharedRedisLive))
