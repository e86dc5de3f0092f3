/**
 * Interests: evidence for taxonomy categories from known hosts (the host
 * table) and from keywords in titles, paths, host names and queries (the
 * keyword table); a parent category gathers a share of its children's. The
 * score of a category depends on its own evidence only (1 - exp(-e/k)), so
 * more time on a host can never lower the score of that host's categories.
 */
import { Effect } from "effect"
import { ancestorsOf, taxonomyById } from "../taxonomy/index.js"
import type { Evidence } from "./evidence.js"
import type { Interest } from "./types.js"
import { categoryWeight, compareText, interestSaturation, maxInterests, minimumInterestScore, parentShare, round4 } from "./weights.js"

/** Direct evidence per category id, before the roll-up to parents. */
export const categoryEvidence = (evidence: Evidence): Map<string, number> => {
  const direct = new Map<string, number>()
  const add = (id: string, amount: number) => direct.set(id, (direct.get(id) ?? 0) + amount)
  for (const visit of evidence.visits) {
    for (const id of visit.hostCategories) add(id, categoryWeight.host * visit.weight)
    for (const id of visit.keywordCategories) add(id, categoryWeight.visitKeyword * visit.weight)
  }
  for (const query of evidence.queries) {
    for (const id of query.keywordCategories) add(id, categoryWeight.queryKeyword)
  }
  return direct
}

/** `direct`: the evidence's `categoryEvidence`, when the caller has it already (the preferences read it too). */
export const scoreInterests = (
  evidence: Evidence,
  direct: ReadonlyMap<string, number> = categoryEvidence(evidence)
): ReadonlyArray<Interest> => {
  const total = new Map<string, number>()
  for (const [id, amount] of [...direct].sort(([a], [b]) => compareText(a, b))) {
    total.set(id, (total.get(id) ?? 0) + amount)
    let share = amount
    for (const ancestor of ancestorsOf(id)) {
      share *= parentShare
      total.set(ancestor, (total.get(ancestor) ?? 0) + share)
    }
  }
  const interests: Array<Interest> = []
  for (const [id, amount] of total) {
    const category = taxonomyById(id)
    const score = round4(1 - Math.exp(-amount / interestSaturation))
    if (category === undefined || score < minimumInterestScore) continue
    interests.push({ id, name: category.name, path: category.path, score })
  }
  // Capped, so that an analysis (and its cache entry) stays small whatever the context.
  return interests.sort((a, b) => b.score - a.score || compareText(a.id, b.id)).slice(0, maxInterests)
}

export const analyzeInterests = (evidence: Evidence): Effect.Effect<ReadonlyArray<Interest>> =>
  Effect.sync(() => scoreInterests(evidence))
