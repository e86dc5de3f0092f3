/**
 * What feedback has taught about an item: time-decayed counts of impressions,
 * clicks and dismissals, per item and per item × segment (the top-level
 * interest category of the user it was shown to). Plain data: the memory and
 * Redis stores keep the same records.
 */

export interface DecayedCounts {
  readonly impressions: number
  readonly clicks: number
  readonly dismissals: number
  /** Epoch ms the counts were last decayed to. */
  readonly at: number
}

export type ItemEvent = "impression" | "click" | "dismiss"

export const emptyCounts = (at: number): DecayedCounts => ({ impressions: 0, clicks: 0, dismissals: 0, at })

/** The counts as of `now`: each halves every `halfLifeMs`. */
export const decayTo = (counts: DecayedCounts, now: number, halfLifeMs: number): DecayedCounts => {
  if (now <= counts.at) return counts
  const factor = Math.pow(2, -(now - counts.at) / halfLifeMs)
  return {
    impressions: counts.impressions * factor,
    clicks: counts.clicks * factor,
    dismissals: counts.dismissals * factor,
    at: now
  }
}

/** One event added at `now`. */
export const addEvent = (counts: DecayedCounts, event: ItemEvent, now: number, halfLifeMs: number): DecayedCounts => {
  const decayed = decayTo(counts, now, halfLifeMs)
  return {
    impressions: decayed.impressions + (event === "impression" ? 1 : 0),
    clicks: decayed.clicks + (event === "click" ? 1 : 0),
    dismissals: decayed.dismissals + (event === "dismiss" ? 1 : 0),
    at: decayed.at
  }
}

/** The segment used for users with no interests yet (cold start): learns on its own. */
export const coldSegment = "none"

/** The key of one record: the item alone ("" segment) or the item in a segment. */
export const statsKey = (itemId: string, segment: string): string => `${segment}\u0000${itemId}`

/** What the ranking reads: counts as of the ranking's time, undefined when nothing was seen. */
export type StatsLookup = (itemId: string, segment: string) => DecayedCounts | undefined
