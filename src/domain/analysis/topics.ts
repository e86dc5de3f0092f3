/**
 * Topics: the terms of hosts, paths, titles and queries, each weighted by
 * where it was found (a query counts twice a title) times the weight of its
 * visit (dwell time and recency), summed over repetitions; a term found in
 * several kinds of source gets a bonus. The ten strongest, strongest first.
 */
import { Effect } from "effect"
import type { Evidence } from "./evidence.js"
import type { Topic, TopicSource } from "./types.js"
import { compareText, maxTopics, round4, sourceWeight } from "./weights.js"

const sourceOrder: ReadonlyArray<TopicSource> = ["host", "path", "title", "query"]

/** Each kind of source beyond the first adds this share: a term seen in a query and in titles is surer. */
const crossSourceBonus = 0.25

/** How many of the four source bits are set. */
const sourceCount = (bits: number): number => (bits & 1) + ((bits >> 1) & 1) + ((bits >> 2) & 1) + ((bits >> 3) & 1)

interface Tally {
  weight: number
  sources: number
}

export const rankTopics = (evidence: Evidence): ReadonlyArray<Topic> => {
  const tallies = new Map<string, Tally>()
  const add = (terms: ReadonlyArray<string>, source: TopicSource, weight: number, unless?: ReadonlyArray<string>) => {
    const bit = 1 << sourceOrder.indexOf(source)
    for (const term of terms) {
      if (unless !== undefined && unless.includes(term)) continue
      const tally = tallies.get(term)
      if (tally === undefined) tallies.set(term, { weight, sources: bit })
      else {
        tally.weight += weight
        tally.sources |= bit
      }
    }
  }
  let visitWeights = 0
  let visitCount = 0
  for (const visit of evidence.visits) {
    add(visit.hostTerms, "host", sourceWeight.host * visit.weight)
    // A slug repeats its page's title ("/questions/1/why-is-x-faster"): such words count once, as title words.
    add(visit.pathTerms, "path", sourceWeight.path * visit.weight, visit.titleTerms)
    add(visit.titleTerms, "title", sourceWeight.title * visit.weight)
    if (visit.visited) {
      visitWeights += visit.weight
      visitCount++
    }
  }
  // Queries carry no dwell time: they count as much as an average visit of this context, times their source weight.
  const queryWeight = sourceWeight.query * Math.max(1, visitCount === 0 ? 1 : visitWeights / visitCount)
  for (const query of evidence.queries) add(query.terms, "query", queryWeight)

  // Every term is weighed; only the strongest few get their list of sources (most terms are never shown).
  const weighed: Array<{ readonly term: string; readonly weight: number; readonly sources: number }> = []
  for (const [term, tally] of tallies) {
    const count = sourceCount(tally.sources)
    weighed.push({ term, weight: tally.weight * (1 + crossSourceBonus * (count - 1)), sources: tally.sources })
  }
  const ranked = weighed.sort((a, b) => b.weight - a.weight || compareText(a.term, b.term)).slice(0, maxTopics)

  const strongest = ranked[0]?.weight ?? 1
  return ranked.map(({ sources, term, weight }) => ({
    term,
    weight: round4(weight / strongest),
    sources: sourceOrder.filter((_, i) => (sources & (1 << i)) !== 0)
  }))
}

export const analyzeTopics = (evidence: Evidence): Effect.Effect<ReadonlyArray<Topic>> =>
  Effect.sync(() => rankTopics(evidence))
