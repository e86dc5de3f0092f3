/**
 * The catalog's search index, built once at start so that a query only
 * walks the postings of its own terms and categories.
 */
import { type CatalogFormat, CatalogFormat as CatalogFormatSchema, type CatalogItem } from "./item.js"
import { indexTerms } from "./terms.js"
import { hostOf, normalizeUrl } from "./url.js"

/** Parent of a taxonomy id, when the taxonomy knows one (so related categories earn credit). */
export type ParentOf = (categoryId: string) => string | undefined

export interface IndexOptions {
  readonly parentOf?: ParentOf
}

export interface IndexedItem {
  readonly item: CatalogItem
  readonly host: string
  readonly normalizedUrl: string
  /** Folded terms of title, description and tags: for matched topics and similarity. */
  readonly terms: ReadonlySet<string>
  /** Category id → credit: 1 for the item's own, less for their ancestors. */
  readonly categoryCredits: ReadonlyMap<string, number>
  readonly categories: ReadonlySet<string>
  /** Tier-1 ancestors of the categories: "the same kind of thing" for diversity. */
  readonly roots: ReadonlySet<string>
  /**
   * `categories`, `roots` and `terms` as sorted ids (interned when the index is built), so that the
   * diversification's Jaccard similarities are merges of small integer arrays, not Set walks per query.
   */
  readonly ids: { readonly categories: Int32Array; readonly roots: Int32Array; readonly terms: Int32Array }
  /** Epoch ms of `published` (UTC midnight), undefined for evergreen items. */
  readonly publishedAt: number | undefined
  /** How general the item is, in [0, 1]: what a cold start falls back on. */
  readonly prior: number
}

/** Docs (positions in `items`) with one weight each, parallel arrays for speed. */
export interface Postings {
  readonly docs: Int32Array
  readonly weights: Float64Array
}

/**
 * Per-doc columns in typed arrays: the ranking loop reads one number per
 * field per item instead of walking objects (10,000 items in well under 2 ms).
 */
export interface Columns {
  /** Position of the item's format in `formats`. */
  readonly format: Uint8Array
  /** Position of the item's language in `languages`. */
  readonly language: Uint16Array
  readonly languages: ReadonlyArray<string>
  /** 0 beginner, 1 intermediate, 2 advanced, -1 unknown. */
  readonly difficulty: Int8Array
  /** `published` as epoch ms, NaN for evergreen items. */
  readonly publishedAt: Float64Array
  readonly prior: Float64Array
}

export const formatCodes: ReadonlyArray<CatalogFormat> = CatalogFormatSchema.literals

export interface CatalogIndex {
  readonly items: ReadonlyArray<IndexedItem>
  readonly columns: Columns
  /** Normalized URL → doc, to turn visited URLs into docs once per query. */
  readonly docOfUrl: ReadonlyMap<string, number>
  /** Term → BM25F weight (idf included) per doc. */
  readonly terms: ReadonlyMap<string, Postings>
  /** Category id → credit per doc. */
  readonly categories: ReadonlyMap<string, Postings>
  readonly parentOf: ParentOf
  /**
   * Per-doc accumulators reused by every query: allocating them per query
   * made the garbage collector the slowest part of the tail (p99). Safe
   * because a ranking runs synchronously to the end; nothing survives it.
   */
  readonly scratch: {
    readonly topic: Float64Array
    readonly category: Float64Array
    readonly excluded: Uint8Array
  }
}

// BM25F: tags are curated keywords, the best evidence of what an item is
// about; the title next; the description is the longest and noisiest.
const fieldWeights = { title: 2, description: 1, tags: 3 } as const
const k1 = 1.2
const b = 0.75
// Credit for an item filed under a narrower category than the interest.
const ancestorCredit = 0.5

const noParent: ParentOf = () => undefined

/**
 * Postings for every key at once, laid out back to back in two shared typed
 * arrays: each key's docs and weights are views (subarray) into them. A
 * catalog has thousands of terms with a few docs each; two arrays (and two
 * buffers) per term cost more than the entries themselves.
 */
const packPostings = (
  counts: ReadonlyMap<string, number>,
  fill: (place: (key: string, doc: number, weight: number) => void) => void
): Map<string, Postings> => {
  let total = 0
  for (const count of counts.values()) total += count
  const docs = new Int32Array(total)
  const weights = new Float64Array(total)
  const next = new Map<string, number>()
  const postings = new Map<string, Postings>()
  let start = 0
  for (const [key, count] of counts) {
    next.set(key, start)
    postings.set(key, { docs: docs.subarray(start, start + count), weights: weights.subarray(start, start + count) })
    start += count
  }
  fill((key, doc, weight) => {
    const at = next.get(key)!
    docs[at] = doc
    weights[at] = weight
    next.set(key, at + 1)
  })
  return postings
}

const categoryCreditsOf = (item: CatalogItem, parentOf: ParentOf): Map<string, number> => {
  const credits = new Map<string, number>()
  for (const id of item.categories) {
    credits.set(id, 1)
    let credit = ancestorCredit
    const seen = new Set([id])
    for (let parent = parentOf(id); parent !== undefined && !seen.has(parent); parent = parentOf(parent)) {
      seen.add(parent)
      credits.set(parent, Math.max(credits.get(parent) ?? 0, credit))
      credit *= ancestorCredit
    }
  }
  return credits
}

const rootOf = (id: string, parentOf: ParentOf): string => {
  let root = id
  const seen = new Set([id])
  for (let parent = parentOf(root); parent !== undefined && !seen.has(parent); parent = parentOf(root)) {
    seen.add(parent)
    root = parent
  }
  return root
}

const publishedAtOf = (item: CatalogItem): number | undefined => {
  if (item.published === undefined) return undefined
  const ms = Date.parse(`${item.published}T00:00:00Z`)
  return Number.isFinite(ms) ? ms : undefined
}

export const buildIndex = (items: ReadonlyArray<CatalogItem>, options: IndexOptions = {}): CatalogIndex => {
  const parentOf = options.parentOf ?? noParent
  const termFrequencies: Array<Map<string, number>> = []
  const lengths: Array<number> = []
  // One string per distinct term, shared by every item's terms and the postings (not a copy per item).
  const interned = new Map<string, string>()
  for (const item of items) {
    const tf = new Map<string, number>()
    let length = 0
    const add = (text: string, weight: number) => {
      for (const token of indexTerms(text)) {
        let term = interned.get(token)
        if (term === undefined) interned.set(token, term = token)
        tf.set(term, (tf.get(term) ?? 0) + weight)
        length += weight
      }
    }
    add(item.title, fieldWeights.title)
    add(item.description, fieldWeights.description)
    for (const tag of item.tags) add(tag, fieldWeights.tags)
    termFrequencies.push(tf)
    lengths.push(length)
  }
  const count = items.length
  const averageLength = count === 0 ? 1 : Math.max(1, lengths.reduce((a, l) => a + l, 0) / count)

  const documentFrequency = new Map<string, number>()
  for (const tf of termFrequencies) for (const term of tf.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1)

  // One entry per (term, doc) in doc order, as the term's document frequency counted.
  const terms = packPostings(documentFrequency, (place) =>
    termFrequencies.forEach((tf, doc) => {
      const norm = k1 * (1 - b + b * (lengths[doc] ?? 0) / averageLength)
      for (const [term, frequency] of tf) {
        const df = documentFrequency.get(term) ?? 1
        const idf = Math.log(1 + (count - df + 0.5) / (df + 0.5))
        place(term, doc, idf * frequency * (k1 + 1) / (frequency + norm))
      }
    })
  )

  const credits = items.map((item) => categoryCreditsOf(item, parentOf))
  const categoryCounts = new Map<string, number>()
  for (const perItem of credits) for (const id of perItem.keys()) categoryCounts.set(id, (categoryCounts.get(id) ?? 0) + 1)
  const categories = packPostings(categoryCounts, (place) =>
    credits.forEach((perItem, doc) => {
      for (const [id, credit] of perItem) place(id, doc, credit)
    })
  )

  // Items in well-stocked categories are the "popular" ones: what most
  // people come for, and a safe first answer for someone we know nothing of.
  const directCounts = new Map<string, number>()
  for (const item of items) for (const id of item.categories) directCounts.set(id, (directCounts.get(id) ?? 0) + 1)
  const maxCount = Math.max(1, ...directCounts.values())

  // One id per distinct string of each kind; the ids only need to be equal where the strings are.
  const idOf = new Map<string, number>()
  const idsOf = (values: ReadonlySet<string>): Int32Array => {
    const ids = new Int32Array(values.size)
    let i = 0
    for (const value of values) {
      let id = idOf.get(value)
      if (id === undefined) idOf.set(value, id = idOf.size)
      ids[i++] = id
    }
    return ids.sort()
  }

  const indexed = items.map((item, doc): IndexedItem => {
    const terms = new Set(termFrequencies[doc]?.keys())
    const categories = new Set(item.categories)
    const roots = new Set(item.categories.map((id) => rootOf(id, parentOf)))
    return {
      item,
      host: hostOf(item.url),
      normalizedUrl: normalizeUrl(item.url),
      terms,
      categoryCredits: credits[doc] ?? new Map(),
      categories,
      roots,
      // Categories and roots share one id space (a root is a category id): equal strings, equal ids.
      ids: { categories: idsOf(categories), roots: idsOf(roots), terms: idsOf(terms) },
      publishedAt: publishedAtOf(item),
      prior: Math.max(0, ...item.categories.map((id) => Math.log1p(directCounts.get(id) ?? 0) / Math.log1p(maxCount)))
    }
  })

  const languages = [...new Set(items.map((item) => item.language))].sort()
  const difficultyCode = { beginner: 0, intermediate: 1, advanced: 2 } as const
  const columns: Columns = {
    format: Uint8Array.from(items, (item) => formatCodes.indexOf(item.format)),
    language: Uint16Array.from(items, (item) => languages.indexOf(item.language)),
    languages,
    difficulty: Int8Array.from(items, (item) => (item.difficulty === undefined ? -1 : difficultyCode[item.difficulty])),
    publishedAt: Float64Array.from(indexed, (entry) => entry.publishedAt ?? Number.NaN),
    prior: Float64Array.from(indexed, (entry) => entry.prior)
  }

  return {
    items: indexed,
    columns,
    docOfUrl: new Map(indexed.map((entry, doc) => [entry.normalizedUrl, doc])),
    terms,
    categories,
    parentOf,
    scratch: { topic: new Float64Array(count), category: new Float64Array(count), excluded: new Uint8Array(count) }
  }
}
