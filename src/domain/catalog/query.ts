/**
 * What a recommendation is asked for, and its compiled form: per-term,
 * per-category, per-format and per-language weights, computed once per query
 * so that scoring an item is a few lookups.
 */
import type { Analysis, TechnicalDepth } from "../analysis/types.js"
import type { LearningInput } from "../learning/blend.js"
import type { ContentPeriod, ContentType } from "../request.js"
import { type FormatAffinity, formatsOfContentType, formatsOfHint, isFormatWord } from "./formats.js"
import type { CatalogIndex } from "./index.js"
import { type CatalogFormat, CatalogFormat as CatalogFormatSchema } from "./item.js"
import { indexTerms } from "./terms.js"
import { normalizeUrl } from "./url.js"

export interface RecommendQuery {
  readonly analysis: Analysis
  readonly contentType: ContentType
  readonly period: ContentPeriod
  /** Epoch ms of the request, for the period window (the domain has no clock). */
  readonly now: number
  /** URLs the user has just visited: never recommended back. */
  readonly exclude: ReadonlyArray<string>
  /** How many items to return; 5 when absent. */
  readonly k?: number
  /** What feedback taught (LEARNING=on); absent: relevance alone, today's ranking exactly. */
  readonly learning?: LearningInput
}

export const defaultK = 5

const day = 86_400_000

/** How far back each period reaches; "recent" is read as the last month. */
export const periodWindowMs: Readonly<Record<Exclude<ContentPeriod, "any">, number>> = {
  day: day,
  week: 7 * day,
  month: 31 * day,
  recent: 31 * day,
  year: 366 * day
}

export interface CompiledQuery {
  /** Folded term → weight, with the topic (original term) it came from. */
  readonly terms: ReadonlyArray<{ readonly term: string; readonly weight: number; readonly topic: string }>
  /** Category id → weight (interest score, with related categories at a discount). */
  readonly categories: ReadonlyMap<string, number>
  readonly formats: ReadonlyMap<CatalogFormat, number>
  /** The content type names formats (video, tutorial, ...), so the answer need not vary them. */
  readonly formatRequested: boolean
  readonly languages: ReadonlyMap<string, number>
  readonly technicalDepth: TechnicalDepth
  readonly excluded: ReadonlySet<string>
  /** [from, to] epoch ms of the period, undefined for "any". */
  readonly window: readonly [number, number] | undefined
  /** Nothing known of the user's interests: rank general items. */
  readonly coldStart: boolean
  readonly k: number
}

// A free-text hint is the caller's words, not evidence from browsing: it
// counts, but less than the user's strongest topic.
const hintWeight = 0.6
// Credit for an item in the parent category of an interest.
export const parentCredit = 0.4
// The preferred format of the browsing counts less than an explicit content type.
const preferenceShare = 0.3
const secondaryLanguageShare = 0.3

const catalogFormats: ReadonlySet<string> = new Set(CatalogFormatSchema.literals)

const addMax = <K>(map: Map<K, number>, key: K, value: number) => {
  if (value > (map.get(key) ?? 0)) map.set(key, value)
}

const compileTerms = (query: RecommendQuery): CompiledQuery["terms"] => {
  const byTerm = new Map<string, { term: string; weight: number; topic: string }>()
  const add = (term: string, weight: number, topic: string) => {
    const existing = byTerm.get(term)
    if (existing === undefined || existing.weight < weight) byTerm.set(term, { term, weight, topic })
  }
  for (const topic of query.analysis.topics) {
    if (!(topic.weight > 0)) continue
    const terms = [...new Set(indexTerms(topic.term))]
    // A phrase topic spreads its weight over its words: an item matching
    // the whole phrase earns what a one-word topic would.
    for (const term of terms) add(term, topic.weight / terms.length, topic.term)
  }
  if (query.contentType._tag === "FreeText") {
    for (const term of indexTerms(query.contentType.value)) {
      if (!isFormatWord(term)) add(term, hintWeight, term)
    }
  }
  return [...byTerm.values()].sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
}

const compileCategories = (query: RecommendQuery, index: CatalogIndex): Map<string, number> => {
  const categories = new Map<string, number>()
  for (const interest of query.analysis.interests) {
    if (!(interest.score > 0)) continue
    addMax(categories, interest.id, interest.score)
    const parent = index.parentOf(interest.id)
    if (parent !== undefined) addMax(categories, parent, interest.score * parentCredit)
  }
  return categories
}

const requestedFormats = (query: RecommendQuery): FormatAffinity =>
  query.contentType._tag === "Known"
    ? formatsOfContentType[query.contentType.value]
    : formatsOfHint(indexTerms(query.contentType.value))

const compileFormats = (query: RecommendQuery): Map<CatalogFormat, number> => {
  const formats = new Map<CatalogFormat, number>()
  const preferences = query.analysis.contentPreferences.formats
  const top = Math.max(0, ...preferences.map((p) => p.score))
  if (top > 0) {
    for (const { format, score } of preferences) {
      if (catalogFormats.has(format)) addMax(formats, format as CatalogFormat, preferenceShare * score / top)
    }
  }
  for (const [format, weight] of Object.entries(requestedFormats(query))) addMax(formats, format as CatalogFormat, weight)
  return formats
}

const compileLanguages = (query: RecommendQuery): Map<string, number> => {
  const preferences = query.analysis.contentPreferences
  const languages = new Map<string, number>()
  for (const { language, share } of preferences.languages) addMax(languages, language, secondaryLanguageShare * share)
  languages.set(preferences.primaryLanguage, 1)
  return languages
}

export const compileQuery = (index: CatalogIndex, query: RecommendQuery): CompiledQuery => {
  const terms = compileTerms(query)
  const categories = compileCategories(query, index)
  return {
    terms,
    categories,
    formats: compileFormats(query),
    formatRequested: Object.keys(requestedFormats(query)).length > 0,
    languages: compileLanguages(query),
    technicalDepth: query.analysis.contentPreferences.technicalDepth,
    excluded: new Set(query.exclude.map(normalizeUrl)),
    window: query.period === "any" ? undefined : [query.now - periodWindowMs[query.period], query.now + day],
    coldStart: terms.length === 0 && categories.size === 0,
    k: query.k !== undefined && Number.isFinite(query.k) ? Math.max(1, Math.floor(query.k)) : defaultK
  }
}
