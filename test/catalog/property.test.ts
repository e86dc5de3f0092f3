import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import { analyzeBrowsingPattern } from "../../src/domain/analysis/index.js"
import type { Analysis } from "../../src/domain/analysis/types.js"
import { contentFormats } from "../../src/domain/analysis/types.js"
import { buildIndex } from "../../src/domain/catalog/index.js"
import { rank } from "../../src/domain/catalog/rank.js"
import { contentPeriods, knownContentTypes } from "../../src/domain/request.js"
import { taxonomyIndexOptions } from "../../src/layers/Catalog.js"
import { catalogs, fixtureItems, now } from "./support.js"

// Words from the catalogs themselves (so topics often match), and noise.
const vocabulary = [
  ...new Set(catalogs.flatMap(([, items]) => items.flatMap((i) => i.tags))),
  "zzz", "요리", "quantum", "", "  ", "the", "<script>", "Ⅻ"
]
const categoryIds = [...new Set(catalogs.flatMap(([, items]) => items.flatMap((i) => i.categories))), "596", "nope"]
const unit = fc.double({ min: 0, max: 1, noNaN: true })

const analysis: fc.Arbitrary<Analysis> = fc.record({
  topics: fc.array(fc.record({
    term: fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 12 })),
    weight: unit,
    sources: fc.constant(["title" as const])
  }), { maxLength: 12 }),
  interests: fc.array(fc.record({
    id: fc.constantFrom(...categoryIds),
    name: fc.constantFrom("Cooking", "Programming"),
    path: fc.constant([]),
    score: unit
  }), { maxLength: 6 }),
  behaviorPattern: fc.constant({
    visits: 0, searches: 0, sessions: 0, averageSessionDepth: 0, totalDwellSeconds: 0, medianDwellSeconds: 0,
    focus: 0, searchToVisitRatio: 0, timeOfDay: undefined, label: "cold start" as const
  }),
  contentPreferences: fc.record({
    formats: fc.array(fc.record({ format: fc.constantFrom(...contentFormats), score: unit }), { maxLength: 4 }),
    languages: fc.array(fc.record({ language: fc.constantFrom("en", "ko", "ja", "fr"), share: unit }), { maxLength: 3 }),
    primaryLanguage: fc.constantFrom("en", "ko", "ja", "xx"),
    technicalDepth: fc.constantFrom("none" as const, "beginner" as const, "intermediate" as const, "advanced" as const)
  })
})

const contentType = fc.oneof(
  fc.constantFrom(...knownContentTypes).map((value) => ({ _tag: "Known" as const, value })),
  fc.string({ maxLength: 20 }).map((value) => ({ _tag: "FreeText" as const, value }))
)

describe.each(catalogs)("rank properties on the %s", (_, items) => {
  const index = buildIndex(items, taxonomyIndexOptions)
  const ids = new Set(items.map((i) => i.id))

  it.prop("emits between 1 and k catalog items, no duplicates, deterministically", {
    analysis,
    contentType,
    period: fc.constantFrom(...contentPeriods),
    k: fc.integer({ min: 1, max: 12 }),
    now: fc.integer({ min: Date.parse("2020-01-01"), max: Date.parse("2030-01-01") }),
    visited: fc.subarray(fixtureItems.map((i) => i.url), { maxLength: 5 })
  }, ({ analysis, contentType, period, k, now, visited }) => {
    const query = { analysis, contentType, period, now, exclude: visited, k }
    const ranked = rank(index, query)
    expect(ranked.length).toBeGreaterThanOrEqual(1)
    expect(ranked.length).toBeLessThanOrEqual(k)
    for (const r of ranked) expect(ids.has(r.item.id)).toBe(true)
    expect(new Set(ranked.map((r) => r.item.id)).size).toBe(ranked.length)
    for (const r of ranked) expect(visited).not.toContain(r.item.url)
    expect(rank(index, query)).toEqual(ranked)
  }, { fastCheck: { numRuns: 200 } })
})

// Contexts as callers send them, through the real analysis.
const context = fc.record({
  visited_sites: fc.array(fc.record({
    url: fc.oneof(fc.constantFrom(...fixtureItems.map((i) => i.url)), fc.webUrl()),
    title: fc.option(fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 40 })), { nil: undefined }),
    duration_s: fc.option(fc.integer({ min: 0, max: 3600 }), { nil: undefined })
  }), { maxLength: 20 }),
  search_queries: fc.array(fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 30 })), { maxLength: 8 })
})

describe.each(catalogs)("rank properties for contexts on the %s", (_, items) => {
  const index = buildIndex(items, taxonomyIndexOptions)
  const ids = new Set(items.map((i) => i.id))

  it.prop("emits between 1 and 5 catalog items for any context, none of them visited", { context, contentType }, ({ context, contentType }) => {
    const analysis = Effect.runSync(analyzeBrowsingPattern(context, "user-1"))
    const visited = context.visited_sites.map((site) => site.url)
    const ranked = rank(index, { analysis, contentType, period: "any", now, exclude: visited })
    expect(ranked.length).toBeGreaterThanOrEqual(1)
    expect(ranked.length).toBeLessThanOrEqual(5)
    for (const r of ranked) expect(ids.has(r.item.id)).toBe(true)
    expect(new Set(ranked.map((r) => r.item.id)).size).toBe(ranked.length)
    for (const r of ranked) expect(visited).not.toContain(r.item.url)
  }, { fastCheck: { numRuns: 100 } })
})
