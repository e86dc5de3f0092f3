/** The learning settings: LEARNING, LEARNING_HALF_LIFE_HOURS, and how long a counted event is remembered. */
import { Config } from "effect"
import { positiveInt } from "./configValues.js"

export interface ItemStatsOptions {
  readonly learning: boolean
  readonly halfLifeMs: number
  /** How long "this recommendation already had this event for this item" is remembered. */
  readonly dedupTtlSeconds: number
  readonly maxDedupEntries: number
}

export const defaultItemStatsOptions: ItemStatsOptions = {
  learning: true,
  halfLifeMs: 72 * 3_600_000,
  dedupTtlSeconds: 24 * 3600,
  maxDedupEntries: 500_000
}

export const itemStatsConfig: Config.Config<ItemStatsOptions> = Config.all({
  learning: Config.literal("on", "off")("LEARNING").pipe(Config.withDefault("on" as const), Config.map((v) => v === "on")),
  halfLifeMs: Config.number("LEARNING_HALF_LIFE_HOURS").pipe(
    Config.validate({ message: "must be a positive number of hours", validation: (h) => Number.isFinite(h) && h > 0 }),
    Config.withDefault(72),
    Config.map((hours) => hours * 3_600_000)
  ),
  // The same window as the recommendation ids feedback may refer to.
  dedupTtlSeconds: positiveInt("FEEDBACK_TTL_SECONDS", defaultItemStatsOptions.dedupTtlSeconds),
  maxDedupEntries: positiveInt("LEARNING_MAX_DEDUP_ENTRIES", defaultItemStatsOptions.maxDedupEntries)
})
