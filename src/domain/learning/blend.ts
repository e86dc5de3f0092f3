/**
 * The click-through part of a catalog score: a draw from the item's Beta
 * posterior in the user's segment (Thompson sampling), so that an item that
 * is clicked rises, one that is dismissed or passed over falls, and one never
 * shown still gets its chance (its posterior is the wide prior). Evidence is
 * capped, so the posterior never narrows to a point: the exploration floor
 * that keeps the top from freezing.
 */
import { type Uniform, sampleBeta } from "./beta.js"
import type { StatsLookup } from "./stats.js"

export interface LearningInput {
  /** The segment of the user the ranking is for (segmentOf). */
  readonly segment: string
  readonly lookup: StatsLookup
  readonly uniform: Uniform
}

export const blend = {
  /** Score per unit of click-through above the prior mean (relevance parts are each in [0, 1]). */
  weight: 6,
  /** Prior: mean 0.1, worth 10 impressions. */
  priorClicks: 1,
  priorMisses: 9,
  /** A dismissal counts as this many impressions without a click. */
  dismissWeight: 3,
  /** Most evidence the posterior keeps (clicks + misses), scaled down beyond. */
  maxEvidence: 150,
  /**
   * A dismissal is an explicit "not this": besides counting as misses, it costs
   * up to this much score, saturating (d / (d + 1) of it for d decayed dismissals).
   */
  dismissPenalty: 1
} as const

const priorMean = blend.priorClicks / (blend.priorClicks + blend.priorMisses)

/** What learning adds to the item's relevance score in this ranking: one posterior draw, centred on the prior. */
export const learnedBoost = (itemId: string, input: LearningInput): number => {
  const counts = input.lookup(itemId, input.segment)
  let clicks = counts?.clicks ?? 0
  let misses = counts === undefined
    ? 0
    : Math.max(0, counts.impressions - counts.clicks) + blend.dismissWeight * counts.dismissals
  const evidence = clicks + misses
  if (evidence > blend.maxEvidence) {
    clicks *= blend.maxEvidence / evidence
    misses *= blend.maxEvidence / evidence
  }
  const theta = sampleBeta(blend.priorClicks + clicks, blend.priorMisses + misses, input.uniform)
  const dismissals = counts?.dismissals ?? 0
  return blend.weight * (theta - priorMean) - blend.dismissPenalty * dismissals / (dismissals + 1)
}
