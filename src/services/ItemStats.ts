/**
 * What feedback on items has taught the worker: time-decayed impressions,
 * clicks and dismissals per item and per item × segment, read by the catalog
 * ranking (src/domain/learning/blend.ts). Memory by default; Redis when
 * CACHE_URL is set, shared by replicas.
 */
import { Context, type Effect } from "effect"
import type { ItemEvent, StatsLookup } from "../domain/learning/stats.js"

export interface ItemFeedbackEvent {
  readonly recommendationId: string
  readonly itemId: string
  /** The segment of the user the item was shown to (segmentOf at recommendation time). */
  readonly segment: string
  readonly event: ItemEvent
}

export interface ItemStatsService {
  /** LEARNING=on: the ranking uses what was learned. Off: feedback is still recorded, the ranking ignores it. */
  readonly learning: boolean
  /**
   * Adds one event; false when this recommendation already had this event
   * for this item (a repeated click counts once).
   */
  readonly record: (event: ItemFeedbackEvent) => Effect.Effect<boolean>
  /**
   * The counts as of now, for one ranking; undefined while nothing has been
   * recorded at all (nothing learned: the ranking is relevance alone, not a
   * reshuffle by the prior).
   */
  readonly lookup: Effect.Effect<StatsLookup | undefined>
}

export class ItemStats extends Context.Tag("llm-worker-rec/ItemStats")<ItemStats, ItemStatsService>() {}
