/**
 * Offline evaluation of the learned ranking: `npm run eval:learning`.
 *
 * A seeded population of users in segments (tier-1 categories of the
 * shipped catalog). Each segment has hidden tastes the ranking cannot see:
 * a liking per format and an appeal per item. Users browse a few of their
 * segment's items (the context the real analysis reads); each round, every
 * user of the round gets a recommendation through the real in-process
 * pipeline with the embedded recommender, reports an impression for every
 * item shown, and clicks with probability position bias × appeal. The same
 * population and the same click draws run with LEARNING=off and on.
 *
 * The verdict is read "after 2,000 recommendations": 20 rounds of 100 to
 * learn from, then 5 more rounds whose CTR is compared (learning goes on
 * during them, as it would in service). The CTR over the whole run, early
 * rounds included, is printed as well.
 *
 * Options (environment): EVAL_SEED (1), EVAL_ROUNDS (20), EVAL_PER_ROUND (100), EVAL_AFTER_ROUNDS (5).
 */
import { Chunk, Effect, Layer, Logger, LogLevel, Option, Random, Stream } from "effect"
import type { CatalogItem } from "../src/domain/catalog/item.js"
import type { RecommendedItem } from "../src/domain/items/item.js"
// segmentOf: the same segment the edge remembers for feedback.
import { seededUniform } from "../src/domain/learning/beta.js"
import { segmentOf as segmentOfAnalysis, topLevelOf } from "../src/domain/learning/segment.js"
import { CacheOffLive } from "../src/layers/Cache.js"
import { layerFromItems, defaultCatalogPath, loadCatalog } from "../src/layers/Catalog.js"
import { ConfigLive } from "../src/layers/Config.js"
import { GroundingNone } from "../src/layers/Grounding.js"
import { defaultItemStatsOptions } from "../src/layers/itemStatsConfig.js"
import { make as makeItemStats } from "../src/layers/ItemStatsMemory.js"
import { LlmCatalogLive } from "../src/layers/LlmCatalog.js"
import { recommend } from "../src/pipeline/recommend.js"
import { ItemStats } from "../src/services/ItemStats.js"

const seed = Number(process.env["EVAL_SEED"] ?? 1)
const rounds = Number(process.env["EVAL_ROUNDS"] ?? 20)
const perRound = Number(process.env["EVAL_PER_ROUND"] ?? 100)
const afterRounds = Number(process.env["EVAL_AFTER_ROUNDS"] ?? 5)
const populationSize = 400

// The simulated population draws from the same small seeded generator as the ranking.
const mulberry = seededUniform

interface Segment {
  readonly id: string
  readonly items: ReadonlyArray<CatalogItem>
  readonly formatLiking: ReadonlyMap<string, number>
  /** Hidden appeal per item id, in [0, 1]: skewed, a few items are much better than the rest. */
  readonly appeal: ReadonlyMap<string, number>
}

interface User {
  readonly id: number
  readonly segment: Segment
  readonly context: string
}

/** Examination probability by position: lower positions are seen less. */
const positionBias = (position: number) => Math.pow(position, -0.8)
/** Appeal of an item outside the user's segment. */
const offSegmentAppeal = 0.02

const population = (items: ReadonlyArray<CatalogItem>) => {
  const random = mulberry(seed)
  const bySegment = new Map<string, Array<CatalogItem>>()
  for (const item of items) {
    const root = topLevelOf(item.categories[0]!)
    bySegment.set(root, [...(bySegment.get(root) ?? []), item])
  }
  const formats = [...new Set(items.map((i) => i.format))]
  const segments: Array<Segment> = [...bySegment]
    .filter(([, members]) => members.length >= 25)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, members]) => ({
      id,
      items: members,
      formatLiking: new Map(formats.map((f) => [f, 0.25 + 0.75 * random()])),
      appeal: new Map(members.map((m) => [m.id, Math.pow(random(), 3)]))
    }))
  const users: Array<User> = Array.from({ length: populationSize }, (_, id) => {
    const segment = segments[Math.floor(random() * segments.length)]!
    const visited = Array.from({ length: 3 }, () => segment.items[Math.floor(random() * segment.items.length)]!)
    const queries = visited.flatMap((v) => v.tags.slice(0, 1))
    return {
      id,
      segment,
      context: JSON.stringify({
        visited_sites: visited.map((v) => ({ url: v.url, title: v.title })),
        search_queries: queries
      })
    }
  })
  return { segments, users }
}

const clickProbability = (user: User, item: RecommendedItem, byId: ReadonlyMap<string, CatalogItem>) => {
  const catalogItem = byId.get(item.id)
  if (catalogItem === undefined) return 0
  const appeal = user.segment.appeal.get(item.id)
  const base = appeal === undefined ? offSegmentAppeal : 0.7 * appeal * (user.segment.formatLiking.get(catalogItem.format) ?? 0.5)
  return positionBias(item.position) * base
}

interface RoundFigures {
  readonly impressions: number
  readonly clicks: number
}

const simulate = (items: ReadonlyArray<CatalogItem>, learning: boolean) =>
  Effect.gen(function*() {
    const { users } = population(items)
    const byId = new Map(items.map((i) => [i.id, i]))
    const stats = yield* ItemStats
    // The same click draws for both runs: one generator per run from the same seed.
    const clicks = mulberry(seed * 7919)
    const pickUser = mulberry(seed * 104729)
    const shown = new Set<string>()
    const figures: Array<RoundFigures> = []
    for (let round = 0; round < rounds + afterRounds; round++) {
      let impressions = 0
      let clicked = 0
      for (let n = 0; n < perRound; n++) {
        const user = users[Math.floor(pickUser() * users.length)]!
        const recommendationId = `r${round}-${n}`
        let segment = ""
        const answer = yield* recommend({
          request: { user_id: `user-${user.id}`, browser_context: user.context, content_type: "", content_period: "" },
          deadline: Option.none(),
          onAnalysis: (analysis) => {
            segment = segmentOfAnalysis(analysis)
          }
        }).pipe(Stream.runCollect, Effect.map(Chunk.toArray))
        for (const chunk of answer) {
          const item = chunk.item
          if (item === undefined) continue
          shown.add(item.id)
          impressions++
          yield* stats.record({ recommendationId, itemId: item.id, segment, event: "impression" })
          if (clicks() < clickProbability(user, item, byId)) {
            clicked++
            yield* stats.record({ recommendationId, itemId: item.id, segment, event: "click" })
          }
        }
      }
      figures.push({ impressions, clicks: clicked })
    }
    return { figures, coverage: shown.size, learning }
  }).pipe(
    Effect.withRandom(Random.make(seed)),
    Effect.provide(Layer.mergeAll(
      LlmCatalogLive.pipe(Layer.provide(layerFromItems(items))),
      GroundingNone,
      ConfigLive,
      CacheOffLive,
      Layer.sync(ItemStats, () => makeItemStats({ ...defaultItemStatsOptions, learning }))
    ))
  )

const ctr = (f: ReadonlyArray<RoundFigures>) =>
  f.reduce((s, r) => s + r.clicks, 0) / Math.max(1, f.reduce((s, r) => s + r.impressions, 0))

const main = Effect.gen(function*() {
  const items = yield* loadCatalog(defaultCatalogPath())
  const off = yield* simulate(items, false)
  const on = yield* simulate(items, true)
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`
  console.log(`eval:learning  seed ${seed}, ${rounds} rounds x ${perRound} recommendations, ${populationSize} users, ${items.length} catalog items`)
  console.log("round   CTR off   CTR on")
  off.figures.forEach((f, i) => {
    const mark = i === rounds ? `   <- after ${rounds * perRound} recommendations` : ""
    console.log(`${String(i + 1).padStart(5)}   ${pct(ctr([f])).padStart(7)}   ${pct(ctr([on.figures[i]!])).padStart(7)}${mark}`)
  })
  const after = (f: ReadonlyArray<RoundFigures>) => ctr(f.slice(rounds))
  const lift = after(on.figures) / after(off.figures)
  const wholeLift = ctr(on.figures) / ctr(off.figures)
  console.log(
    `after ${rounds * perRound} recommendations (the next ${afterRounds * perRound}): CTR off ${pct(after(off.figures))}, ` +
      `on ${pct(after(on.figures))}, lift ${lift.toFixed(2)}x`
  )
  console.log(`whole run, from the first recommendation: CTR off ${pct(ctr(off.figures))}, on ${pct(ctr(on.figures))}, lift ${wholeLift.toFixed(2)}x`)
  console.log(`coverage (distinct items shown): off ${off.coverage}, on ${on.coverage} (${(on.coverage / off.coverage * 100).toFixed(0)}% of static)`)
  const ok = lift >= 1.2 && on.coverage >= 0.8 * off.coverage
  console.log(ok ? "targets met: lift >= 1.2x, coverage >= 80% of static" : "targets NOT met (lift >= 1.2x, coverage >= 80% of static)")
})

Effect.runPromise(main.pipe(Logger.withMinimumLogLevel(LogLevel.Warning))).catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
