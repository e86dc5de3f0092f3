/**
 * Scores every catalog item against a query and returns the diversified top
 * k with what matched, so the answer can say why each item fits.
 */
import type { Interest, TechnicalDepth } from "../analysis/types.js"
import { type LearningInput, learnedBoost } from "../learning/blend.js"
import { type Candidate, diversify, diversityPenalty } from "./diversify.js"
import { type CatalogIndex, formatCodes, type IndexedItem } from "./index.js"
import type { CatalogItem } from "./item.js"
import { type CompiledQuery, compileQuery, parentCredit, type RecommendQuery } from "./query.js"

export interface RankedItem {
  readonly item: CatalogItem
  readonly score: number
  /** Topics (as the analysis wrote them) found in the item, strongest first. */
  readonly matchedTopics: ReadonlyArray<string>
  /** Interests whose category (or a related one) the item is filed under, strongest first. */
  readonly matchedInterests: ReadonlyArray<Interest>
  /** Dated inside the requested period. */
  readonly inPeriod: boolean
}

// The parts of a score. Topics are normalized to [0, 1] per query, the
// category match is capped at 1, the rest are in [0, 1] already.
const weights = {
  topic: 1,
  category: 0.8,
  format: 1,
  language: 1,
  depth: 0.05,
  prior: 0.1,
  coldPrior: 0.5,
  staleDated: 0.2,
  unrelatedLanguageShare: 0.3
} as const
// Ranks dated items inside the period above everything else.
const periodTier = 10

const depthRank: Readonly<Record<TechnicalDepth, number>> = { none: -1, beginner: 0, intermediate: 1, advanced: 2 }

/** Fit of each difficulty code (0..2) to the reader's depth: 1 same, 0 next, -1 far; 0 when unknown. */
const depthFits = (depth: TechnicalDepth): Float64Array => {
  const reader = depthRank[depth]
  return Float64Array.from([0, 1, 2], (code) => (reader === -1 ? 0 : 1 - Math.abs(reader - code)))
}

const poolSize = (k: number) => Math.max(40, k * 8)

/** Inserts into a pool sorted best first, keeping at most `size`. */
const insert = (pool: Array<Candidate>, candidate: Candidate, size: number) => {
  const worst = pool[pool.length - 1]
  if (pool.length >= size && worst !== undefined && !ahead(candidate, worst)) return
  let i = pool.length
  while (i > 0 && ahead(candidate, pool[i - 1]!)) i--
  pool.splice(i, 0, candidate)
  if (pool.length > size) pool.pop()
}

const ahead = (a: Candidate, b: Candidate): boolean =>
  a.score > b.score || (a.score === b.score && a.indexed.item.id < b.indexed.item.id)

const accumulate = (index: CatalogIndex, compiled: CompiledQuery) => {
  const count = index.items.length
  const { topic, category } = index.scratch
  topic.fill(0)
  category.fill(0)
  for (const { term, weight } of compiled.terms) {
    const postings = index.terms.get(term)
    if (postings === undefined) continue
    for (let i = 0; i < postings.docs.length; i++) topic[postings.docs[i]!]! += weight * postings.weights[i]!
  }
  for (const [id, weight] of compiled.categories) {
    const postings = index.categories.get(id)
    if (postings === undefined) continue
    for (let i = 0; i < postings.docs.length; i++) category[postings.docs[i]!]! += weight * postings.weights[i]!
  }
  let maxTopic = 0
  for (let doc = 0; doc < count; doc++) if (topic[doc]! > maxTopic) maxTopic = topic[doc]!
  return { topic, category, maxTopic }
}

const matchedTopicsOf = (indexed: IndexedItem, compiled: CompiledQuery): Array<string> => {
  const byTopic = new Map<string, number>()
  for (const { term, weight, topic } of compiled.terms) {
    if (indexed.terms.has(term)) byTopic.set(topic, (byTopic.get(topic) ?? 0) + weight)
  }
  return [...byTopic].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([topic]) => topic)
}

/** Interests the item answers, the most direct and strongest first (the first one is named in the answer). */
const matchedInterestsOf = (indexed: IndexedItem, query: RecommendQuery, index: CatalogIndex): Array<Interest> =>
  query.analysis.interests
    .map((interest) => {
      const own = indexed.categoryCredits.get(interest.id) ?? 0
      const parent = index.parentOf(interest.id)
      const viaParent = parent === undefined ? 0 : (indexed.categoryCredits.get(parent) ?? 0) * parentCredit
      return { interest, fit: interest.score * Math.max(own, viaParent) }
    })
    .filter(({ fit }) => fit > 0)
    .sort((a, b) => b.fit - a.fit || (a.interest.id < b.interest.id ? -1 : a.interest.id > b.interest.id ? 1 : 0))
    .map(({ interest }) => interest)

/** Per-query weights laid out like the index columns. */
const columnWeights = (index: CatalogIndex, compiled: CompiledQuery) => {
  const { columns } = index
  const { excluded } = index.scratch
  excluded.fill(0)
  for (const url of compiled.excluded) {
    const doc = index.docOfUrl.get(url)
    if (doc !== undefined) excluded[doc] = 1
  }
  return {
    excluded,
    format: Float64Array.from(formatCodes, (format) => compiled.formats.get(format) ?? 0),
    language: Float64Array.from(columns.languages, (language) => compiled.languages.get(language) ?? 0),
    depth: depthFits(compiled.technicalDepth)
  }
}

/** The relevant pool reordered by relevance plus a click-through draw per item (in pool order, so a seed repeats it). */
const withLearning = (pool: ReadonlyArray<Candidate>, learning: LearningInput): Array<Candidate> =>
  pool
    .map((candidate) => ({ ...candidate, score: candidate.score + learnedBoost(candidate.indexed.item.id, learning) }))
    .sort((a, b) => (ahead(a, b) ? -1 : ahead(b, a) ? 1 : 0))

/** The diversified top k, before they are explained (matched topics and interests cost; grounding needs none). */
const pick = (index: CatalogIndex, query: RecommendQuery) => {
  const compiled = compileQuery(index, query)
  const { topic, category, maxTopic } = accumulate(index, compiled)
  const perColumn = columnWeights(index, compiled)
  const { columns, items } = index
  const priorWeight = compiled.coldStart ? weights.coldPrior : weights.prior
  const topicScale = maxTopic > 0 ? 1 / maxTopic : 0
  const [from, to] = compiled.window ?? [Number.NaN, Number.NaN]
  const filtering = compiled.window !== undefined
  const size = poolSize(compiled.k)
  const pool: Array<Candidate> = []
  const inPeriod = new Set<number>()
  // The columns in locals: the loop below runs once per catalog item.
  const { excluded, format: formatWeight, language: languageWeightOf, depth: depthWeight } = perColumn
  const { difficulty: difficulties, format: formats, language: languages, prior: priors, publishedAt: published } = columns
  const coldStart = compiled.coldStart
  for (let doc = 0; doc < items.length; doc++) {
    if (excluded[doc] === 1) continue
    const topicScore = topic[doc]! * topicScale
    const categoryScore = Math.min(1, category[doc]!)
    const difficulty = difficulties[doc]!
    // The user's language makes a fitting item better; it does not make an
    // unrelated one fit (a PyTorch page is no answer for a Korean cook).
    const languageWeight = coldStart || topicScore > 0 || categoryScore > 0
      ? weights.language
      : weights.language * weights.unrelatedLanguageShare
    let score = weights.topic * topicScore +
      weights.category * categoryScore +
      weights.format * formatWeight[formats[doc]!]! +
      languageWeight * languageWeightOf[languages[doc]!]! +
      (difficulty < 0 ? 0 : weights.depth * depthWeight[difficulty]!) +
      priorWeight * priors[doc]!
    const publishedAt = published[doc]!
    let fresh = false
    if (filtering && !Number.isNaN(publishedAt)) {
      if (publishedAt >= from && publishedAt <= to) {
        // Only items that fit the user jump the queue: a fresh article
        // on an unrelated subject is not a better answer.
        if (coldStart || topicScore > 0 || categoryScore > 0) {
          score += periodTier
          fresh = true
        }
      } else {
        score -= weights.staleDated
      }
    }
    const worst = pool[size - 1]
    if (worst !== undefined && score < worst.score) continue
    insert(pool, { doc, indexed: items[doc]!, score }, size)
    if (fresh) inPeriod.add(doc)
  }
  const ordered = query.learning === undefined ? pool : withLearning(pool, query.learning)
  const picked = diversify(ordered, compiled.k, {
    penalty: compiled.coldStart ? diversityPenalty.coldStart : diversityPenalty.personal,
    formatCounts: !compiled.formatRequested
  })
  return { picked, inPeriod, compiled }
}

/**
 * The top k items (between 1 and k whenever some item is not excluded),
 * deterministic: equal scores are ordered by id.
 */
export const rank = (index: CatalogIndex, query: RecommendQuery): ReadonlyArray<RankedItem> => {
  const { compiled, inPeriod, picked } = pick(index, query)
  return picked.map(({ doc, indexed, score }) => ({
    item: indexed.item,
    score: inPeriod.has(doc) ? score - periodTier : score,
    matchedTopics: matchedTopicsOf(indexed, compiled),
    matchedInterests: matchedInterestsOf(indexed, query, index),
    inPeriod: inPeriod.has(doc)
  }))
}

/** The same items as `rank`, in the same order, without the explanations. */
export const rankItems = (index: CatalogIndex, query: RecommendQuery): ReadonlyArray<CatalogItem> =>
  pick(index, query).picked.map(({ indexed }) => indexed.item)
