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
// Similarity costs at most this much score: less than a category match, so
// diversity reorders near-equals but never buries the clearly best item.
const diversityPenalty = 0.35

const jaccard = <A>(a: ReadonlySet<A>, b: ReadonlySet<A>): number => {
  if (a.size === 0 && b.size === 0) return 0
  let shared = 0
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  for (const x of small) if (large.has(x)) shared++
  return shared / (a.size + b.size - shared)
}

const categorySet = new WeakMap<IndexedItem, ReadonlySet<string>>()
const categoriesOf = (indexed: IndexedItem): ReadonlySet<string> => {
  let set = categorySet.get(indexed)
  if (set === undefined) categorySet.set(indexed, set = new Set(indexed.item.categories))
  return set
}

const similarity = (a: IndexedItem, b: IndexedItem): number =>
  0.6 * jaccard(categoriesOf(a), categoriesOf(b)) + 0.4 * jaccard(a.terms, b.terms)

/** Better first: higher value, then smaller id (so equal inputs give equal outputs). */
const better = (value: number, id: string, bestValue: number, bestId: string): boolean =>
  value > bestValue || (value === bestValue && id < bestId)

export const diversify = (pool: ReadonlyArray<Candidate>, k: number): Array<Candidate> => {
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
      const value = candidate.score - diversityPenalty * (maxSimilarity[i] ?? 0)
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
      maxSimilarity[i] = Math.max(maxSimilarity[i] ?? 0, similarity(candidate.indexed, chosen.indexed))
    })
  }
  return picked
}
