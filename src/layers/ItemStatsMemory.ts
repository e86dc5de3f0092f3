/**
 * Item statistics in this process: a map of decayed counts (decayed lazily,
 * when an event arrives or a ranking reads them) and a bounded, expiring set
 * of (recommendation, item, event) already counted. Per process: replicas
 * that should learn together use the Redis layer (CACHE_URL).
 */
import { Clock, type ConfigError, Effect, Layer } from "effect"
import { addEvent, type DecayedCounts, decayTo, emptyCounts, type ItemEvent, statsKey } from "../domain/learning/stats.js"
import { ItemStats, type ItemStatsService } from "../services/ItemStats.js"
import { makeExpiringLru } from "./expiringLru.js"
import { type ItemStatsOptions, itemStatsConfig } from "./itemStatsConfig.js"

export const make = (options: ItemStatsOptions): ItemStatsService => {
  const counts = new Map<string, DecayedCounts>()
  const counted = makeExpiringLru<true>({ maxEntries: options.maxDedupEntries, ttlMs: options.dedupTtlSeconds * 1000 })
  const add = (key: string, event: ItemEvent, now: number) =>
    counts.set(key, addEvent(counts.get(key) ?? emptyCounts(now), event, now, options.halfLifeMs))
  return ItemStats.of({
    learning: options.learning,
    record: (feedback) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const once = `${feedback.recommendationId}\u0000${feedback.itemId}\u0000${feedback.event}`
        if (counted.get(once, now)._tag === "Some") return false
        counted.set(once, true, now)
        add(statsKey(feedback.itemId, ""), feedback.event, now)
        add(statsKey(feedback.itemId, feedback.segment), feedback.event, now)
        return true
      }),
    lookup: Effect.map(Clock.currentTimeMillis, (now) =>
      counts.size === 0 ? undefined : (itemId: string, segment: string) => {
        const found = counts.get(statsKey(itemId, segment))
        return found === undefined ? undefined : decayTo(found, now, options.halfLifeMs)
      })
  })
}

export const layer = (options: ItemStatsOptions): Layer.Layer<ItemStats> => Layer.sync(ItemStats, () => make(options))

export const ItemStatsMemoryLive: Layer.Layer<ItemStats, ConfigError.ConfigError> = Layer.effect(
  ItemStats,
  Effect.map(itemStatsConfig, make)
)
