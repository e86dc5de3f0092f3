import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Metric, MetricState, Option } from "effect"
import { analyzeBrowsingPattern } from "../../src/domain/analysis/index.js"
import { contextKey } from "../../src/domain/canonical.js"
import type { BrowserContext } from "../../src/domain/context.js"
import { layer as memoryCache } from "../../src/layers/CacheMemory.js"
import { cacheHits, cacheMisses } from "../../src/layers/CacheMetrics.js"
import { taxonomy } from "../../src/domain/taxonomy/index.js"
import { analysisCodec, analysisEntryMaxBytes, cachedAnalysis } from "../../src/pipeline/cachedAnalysis.js"
import { browserContext, hostileText } from "../domain/arbitraries.js"
import { Cache } from "../../src/services/Cache.js"

const context: BrowserContext = {
  visited_sites: [
    { url: "https://github.com/Effect-TS/effect", title: "Effect: TypeScript library", visited_at: 1_732_000_000_000, duration_s: 300 },
    { url: "https://velog.io/@dev/rust-async", title: "러스트 비동기 프로그래밍 정리", duration_s: 420 }
  ],
  search_queries: ["effect typescript stream", "러스트 tokio"],
  time_spent: { "github.com": 900, "velog.io": 420 }
}

/** The same context as another client would serialize it: every object's keys reversed. */
const reversed = JSON.parse(
  JSON.stringify(context, (_, value: unknown) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).reverse())
      : value)
) as BrowserContext

const count = (metric: typeof cacheHits) =>
  Effect.map(Metric.value(Metric.tagged(metric, "cache", "analysis")), (s: MetricState.MetricState.Counter<number>) => s.count)

describe("cached analysis", () => {
  it.effect("is the analysis, computed once for the same context in any key order", () =>
    Effect.gen(function*() {
      const hits = yield* count(cacheHits)
      const misses = yield* count(cacheMisses)
      const first = yield* cachedAnalysis(context, "user-1")
      const second = yield* cachedAnalysis(reversed, "user-1")
      expect(first).toEqual(yield* analyzeBrowsingPattern(context, "user-1"))
      expect(second).toEqual(first)
      expect(yield* count(cacheMisses)).toBe(misses + 1)
      expect(yield* count(cacheHits)).toBe(hits + 1)
    }).pipe(Effect.provide(memoryCache())))

  it.effect("round-trips through JSON, including an absent time-of-day profile", () =>
    Effect.gen(function*() {
      const analysis = yield* analyzeBrowsingPattern({ visited_sites: [{ url: "https://news.ycombinator.com" }], search_queries: [] }, "user-1")
      expect(analysisCodec.decode(analysisCodec.encode(analysis))).toEqual(Option.some(analysis))
    }))

  it.effect("a stored value that is not an Analysis is a miss and is replaced", () =>
    Effect.gen(function*() {
      const cache = yield* Cache
      const key = contextKey(context, "user-1")
      yield* cache.set("analysis", key, JSON.stringify({ topics: "not a list" }))
      const analysis = yield* cachedAnalysis(context, "user-1")
      expect(analysis).toEqual(yield* analyzeBrowsingPattern(context, "user-1"))
      const stored = yield* cache.get("analysis", key)
      expect(Option.flatMap(stored, analysisCodec.decode)).toEqual(Option.some(analysis))
      expect(analysisCodec.decode("{not json")).toEqual(Option.none())
    }).pipe(Effect.provide(memoryCache())))

  it.effect("an entry is bounded whatever the context: every category named, every text hostile", () =>
    Effect.gen(function*() {
      const everything: BrowserContext = {
        visited_sites: taxonomy.map((category, i) => ({
          url: `https://site-${i}.example/${encodeURIComponent(category.name)}/${"글".repeat(300)}`,
          title: `${category.path.join(" ")} ${"가나다라마바사아자차카타파하".repeat(40)}`,
          duration_s: 600
        })),
        search_queries: taxonomy.map((category) => `${category.name} ${"Supercalifragilistic".repeat(20)}`),
        time_spent: Object.fromEntries(taxonomy.map((_, i) => [`host-${i}-${"x".repeat(200)}.example`, 100]))
      }
      const analysis = yield* analyzeBrowsingPattern(everything, "user-1")
      const bytes = Buffer.byteLength(analysisCodec.encode(analysis))
      expect(bytes).toBeLessThanOrEqual(analysisEntryMaxBytes)
      expect(analysisCodec.decode(analysisCodec.encode(analysis))).toEqual(Option.some(analysis))
      // A stored value over the bounds (written by someone else) is a miss.
      const bloated = { ...analysis, topics: [{ term: "x".repeat(500), weight: 1, sources: ["title"] }] }
      expect(analysisCodec.decode(JSON.stringify(bloated))).toEqual(Option.none())
    }))

  it.prop("an entry is within the budget for any context, long hostile texts included", [browserContext, hostileText(20_000)], ([context, hostile]) => {
    const withHostile: BrowserContext = {
      ...context,
      visited_sites: [...context.visited_sites, { url: `https://a.example/${encodeURIComponent(hostile.replace(/[\uD800-\uDFFF]/g, ""))}`, title: hostile }],
      search_queries: [...context.search_queries, hostile]
    }
    const analysis = Effect.runSync(analyzeBrowsingPattern(withHostile, "user-1"))
    expect(Buffer.byteLength(analysisCodec.encode(analysis))).toBeLessThanOrEqual(analysisEntryMaxBytes)
    expect(Option.isSome(analysisCodec.decode(analysisCodec.encode(analysis)))).toBe(true)
  }, { fastCheck: { numRuns: 100 } })
})
