/**
 * The learned ranking's basics, as properties over the shipped catalog:
 * LEARNING=off (or nothing learned) is today's ranking exactly; an item
 * clicked in a segment rises there and nowhere else; a dismissed item falls.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Layer, Option, Random, Stream } from "effect"
import type { Analysis } from "../../src/domain/analysis/types.js"
import { buildIndex } from "../../src/domain/catalog/index.js"
import { rank } from "../../src/domain/catalog/rank.js"
import { seededUniform } from "../../src/domain/learning/beta.js"
import { segmentOf } from "../../src/domain/learning/segment.js"
import { addEvent, type DecayedCounts, emptyCounts, type ItemEvent, statsKey } from "../../src/domain/learning/stats.js"
import { catalogFromItems, taxonomyIndexOptions } from "../../src/layers/Catalog.js"
import { Catalog } from "../../src/services/Catalog.js"
import { defaultItemStatsOptions } from "../../src/layers/itemStatsConfig.js"
import { make as makeItemStats } from "../../src/layers/ItemStatsMemory.js"
import { makeCatalogLlm } from "../../src/layers/LlmCatalog.js"
import { ItemStats } from "../../src/services/ItemStats.js"
import { analysisOf, developer, koreanCook, now, readCatalog, shippedPath } from "../catalog/support.js"

const items = readCatalog(shippedPath)
const index = buildIndex(items, taxonomyIndexOptions)

const profiles: ReadonlyArray<Analysis> = [
  developer,
  koreanCook,
  analysisOf({ topics: ["premier league", "football", "transfer"], interests: [["483", "Soccer", 0.9]] }),
  analysisOf({ topics: ["stock market", "etf", "investing"], interests: [["391", "Personal Finance", 0.8]] }),
  analysisOf({ topics: ["travel", "japan", "itinerary"], interests: [["653", "Travel", 0.8]], formats: [["video", 0.5]] })
]

type Events = ReadonlyArray<readonly [itemId: string, segment: string, event: ItemEvent, times: number]>

const lookupOf = (events: Events) => {
  const counts = new Map<string, DecayedCounts>()
  for (const [itemId, segment, event, times] of events) {
    for (let i = 0; i < times; i++) {
      const key = statsKey(itemId, segment)
      counts.set(key, addEvent(counts.get(key) ?? emptyCounts(now), event, now, defaultItemStatsOptions.halfLifeMs))
    }
  }
  return (itemId: string, segment: string) => counts.get(statsKey(itemId, segment))
}

// Something learned elsewhere, so "nothing learned" never applies below.
const background: Events = [["unrelated-item", "none", "impression", 1]]

const top = (analysis: Analysis, events: Events, seed: number, k = 5) =>
  rank(index, {
    analysis,
    contentType: { _tag: "Known", value: "general" },
    period: "any",
    now,
    exclude: [],
    k,
    learning: { segment: segmentOf(analysis), lookup: lookupOf(events), uniform: seededUniform(seed) }
  }).map((r) => r.item.id)

/** Today's ranking (no learning): where the items under test are picked from. */
const relevance = (analysis: Analysis, k: number) =>
  rank(index, { analysis, contentType: { _tag: "Known", value: "general" }, period: "any", now, exclude: [], k })
    .map((r) => r.item.id)

const seeds = Array.from({ length: 40 }, (_, i) => i + 1)
/** The item's mean place in the top 20 over many draws (20 when left out). */
const meanPlace = (analysis: Analysis, events: Events, itemId: string) =>
  seeds.reduce((sum, seed) => {
    const at = top(analysis, events, seed, 20).indexOf(itemId)
    return sum + (at === -1 ? 20 : at)
  }, 0) / seeds.length

describe("the learned ranking", () => {
  it.effect("LEARNING=off gives today's ranking exactly, however much was learned", () =>
    Effect.gen(function*() {
      const catalog = Layer.succeed(Catalog, catalogFromItems(items))
      const stats = makeItemStats({ ...defaultItemStatsOptions, learning: false })
      // Plenty learned: clicks on every item of every profile's answer.
      for (const analysis of profiles) {
        for (const id of relevance(analysis, 10)) {
          yield* stats.record({ recommendationId: `r-${id}`, itemId: id, segment: segmentOf(analysis), event: "click" })
        }
      }
      const answer = (analysis: Analysis, withStats: boolean) =>
        Effect.flatMap(makeCatalogLlm, (llm) =>
          Stream.runCollect(llm.stream({
            analysis,
            view: { userPseudonym: undefined, sites: [], queries: [] },
            contentType: { _tag: "Known", value: "general" },
            period: "any",
            candidates: [],
            deadline: Option.none()
          }))).pipe(
            Effect.provide(withStats ? Layer.merge(catalog, Layer.succeed(ItemStats, stats)) : catalog),
            Effect.map((chunks) => [...chunks])
          )
      yield* Effect.promise(() =>
        fc.assert(fc.asyncProperty(fc.constantFrom(...profiles), fc.integer(), async (analysis, seed) => {
          const run = (withStats: boolean) =>
            Effect.runPromise(answer(analysis, withStats).pipe(Effect.withRandom(Random.make(seed))))
          expect(await run(true)).toEqual(await run(false))
        }), { numRuns: 20 })
      )
    }))

  it("with learning on but nothing learned yet, the ranking is today's too", () =>
    Effect.gen(function*() {
      const stats = makeItemStats(defaultItemStatsOptions)
      expect(yield* stats.lookup).toBeUndefined()
    }).pipe(Effect.runSync))

  it("an item clicked in a segment rises there, and nothing moves in unrelated segments", () => {
    fc.assert(
      fc.property(fc.constantFrom(...profiles), fc.integer({ min: 6, max: 14 }), (analysis, at) => {
        const item = relevance(analysis, 20)[at]
        if (item === undefined) return
        const segment = segmentOf(analysis)
        const learned: Events = [...background, [item, segment, "impression", 30], [item, segment, "click", 18]]
        expect(meanPlace(analysis, learned, item)).toBeLessThan(meanPlace(analysis, background, item) - 2)
        for (const other of profiles.filter((p) => segmentOf(p) !== segment)) {
          for (const seed of seeds.slice(0, 10)) expect(top(other, learned, seed)).toEqual(top(other, background, seed))
        }
      }),
      { numRuns: 10 }
    )
  })

  it("a dismissed item falls", () => {
    fc.assert(
      fc.property(fc.constantFrom(...profiles), fc.integer({ min: 0, max: 2 }), (analysis, at) => {
        const item = relevance(analysis, 5)[at]!
        const segment = segmentOf(analysis)
        const dismissed: Events = [...background, [item, segment, "impression", 10], [item, segment, "dismiss", 10]]
        expect(meanPlace(analysis, dismissed, item)).toBeGreaterThan(meanPlace(analysis, background, item) + 2)
      }),
      { numRuns: 10 }
    )
  })
})
