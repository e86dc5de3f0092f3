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

const jaccard = <A>(a: ReadonlySet<A>, b: ReadonlySet<A>): number => {
  if (a.size === 0 && b.size === 0) return 0
  let shared = 0
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  for (const x of small) if (large.has(x)) shared++
  return shared / (a.size + b.size - shared)
}

// Same categories, same vertical, same words, same format: each makes two
// items more alike; the weights sum to 1. Format is left out when the caller
// asked for one ("video"): then five videos are the point, not a flaw.
const similarity = (a: IndexedItem, b: IndexedItem, formatCounts: boolean): number =>
  0.35 * jaccard(a.categories, b.categories) +
  0.25 * jaccard(a.roots, b.roots) +
  0.25 * jaccard(a.terms, b.terms) +
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
  const taken = new Set<number>()
  const perHost = new Map<string, number>()
  const maxSimilarity = new Float64Array(pool.length)
  while (picked.length < k) {
    let best = -1
    let bestValue = -Infinity
    let bestId = ""
    pool.forEach((candidate, i) => {
      if (taken.has(i) || (perHost.get(candidate.indexed.host) ?? 0) >= maxPerHost) return
      const value = candidate.score - penalty * (maxSimilarity[i] ?? 0)
      if (best === -1 || better(value, candidate.indexed.item.id, bestValue, bestId)) {
        best = i
        bestValue = value
        bestId = candidate.indexed.item.id
      }
    })
    const chosen = pool[best]
    if (chosen === undefined) break
    picked.push(chosen)
    taken.add(best)
    perHost.set(chosen.indexed.host, (perHost.get(chosen.indexed.host) ?? 0) + 1)
    pool.forEach((candidate, i) => {
      if (taken.has(i)) return
      maxSimilarity[i] = Math.max(maxSimilarity[i] ?? 0, similarity(candidate.indexed, chosen.indexed, formatCounts))
    })
  }
  return picked
}
