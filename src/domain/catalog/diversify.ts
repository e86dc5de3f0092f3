/**
 * Maximal marginal relevance over the best candidates: each next pick is the
 * most relevant item that is least like those already picked, with at most
 * two items from one host, so five answers are five different things.
 */
import type { IndexedItem } from "./index.js"

export interface Candidate {
  readonly doc: number
  readonly indexed: IndexedItem
  readonly score: number
}

export const maxPerHost = 2
/**
 * What similarity to a picked item costs, at most. Personal answers: less
 * than a category match, so diversity reorders near-equals but never buries
 * the clearly best item. Cold starts: relevance says nothing, so variety
 * (subjects and formats) is the point.
 */
export const diversityPenalty = { personal: 0.35, coldStart: 1 } as const

/** |a ∩ b| / |a ∪ b| of two sorted id arrays without repeats (one merge); 0 when both are empty. */
const jaccard = (a: Int32Array, b: Int32Array): number => {
  if (a.length === 0 && b.length === 0) return 0
  let shared = 0
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i]!
    const y = b[j]!
    if (x === y) {
      shared++
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return shared / (a.length + b.length - shared)
}

// Same categories, same vertical, same words, same format: each makes two
// items more alike; the weights sum to 1. Format is left out when the caller
// asked for one ("video"): then five videos are the point, not a flaw.
const similarity = (a: IndexedItem, b: IndexedItem, formatCounts: boolean): number =>
  0.35 * jaccard(a.ids.categories, b.ids.categories) +
  0.25 * jaccard(a.ids.roots, b.ids.roots) +
  0.25 * jaccard(a.ids.terms, b.ids.terms) +
  (formatCounts && a.item.format === b.item.format ? 0.15 : 0)

export interface DiversifyOptions {
  /** Most score that similarity to a picked item costs. */
  readonly penalty: number
  /** Whether sharing a format makes two items alike. */
  readonly formatCounts: boolean
}

/** Better first: higher value, then smaller id (so equal inputs give equal outputs). */
const better = (value: number, id: string, bestValue: number, bestId: string): boolean =>
  value > bestValue || (value === bestValue && id < bestId)

export const diversify = (
  pool: ReadonlyArray<Candidate>,
  k: number,
  { formatCounts, penalty }: DiversifyOptions = { penalty: diversityPenalty.personal, formatCounts: true }
): Array<Candidate> => {
  const picked: Array<Candidate> = []
  const taken = new Uint8Array(pool.length)
  const perHost = new Map<string, number>()
  // Each candidate's similarity to the picks is brought up to date only when
  // it is looked at (lazy greedy): a candidate's value never exceeds its
  // score, so the scan in score order stops at the first score below the best
  // value found, and most candidates are never compared with most picks.
  const maxSimilarity = new Float64Array(pool.length)
  const comparedWith = new Uint32Array(pool.length)
  const byScore = pool.map((_, i) => i).sort((a, b) => pool[b]!.score - pool[a]!.score)
  while (picked.length < k) {
    let best = -1
    let bestValue = -Infinity
    let bestId = ""
    for (const i of byScore) {
      const candidate = pool[i]!
      if (best !== -1 && candidate.score < bestValue) break
      if (taken[i] === 1 || (perHost.get(candidate.indexed.host) ?? 0) >= maxPerHost) continue
      let similar = maxSimilarity[i]!
      for (let p = comparedWith[i]!; p < picked.length; p++) {
        similar = Math.max(similar, similarity(candidate.indexed, picked[p]!.indexed, formatCounts))
      }
      maxSimilarity[i] = similar
      comparedWith[i] = picked.length
      const value = candidate.score - penalty * similar
      if (best === -1 || better(value, candidate.indexed.item.id, bestValue, bestId)) {
        best = i
        bestValue = value
        bestId = candidate.indexed.item.id
      }
    }
    const chosen = pool[best]
    if (chosen === undefined) break
    picked.push(chosen)
    taken[best] = 1
    perHost.set(chosen.indexed.host, (perHost.get(chosen.indexed.host) ?? 0) + 1)
  }
  return picked
}
