/**
 * Item feedback end to end: Recommend from the embedded recommender, then
 * impressions, clicks and dismissals per item over RecordFeedback. Counted by
 * source and position; an item's event counts once per recommendation; an
 * unknown item is counted as unknown and teaches nothing.
 */
import * as grpc from "@grpc/grpc-js"
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import type { FeedbackRequest } from "../../src/grpc/generated/recommendation/FeedbackRequest.js"
import type { FeedbackResponse__Output } from "../../src/grpc/generated/recommendation/FeedbackResponse.js"
import { layerFromItems } from "../../src/layers/Catalog.js"
import { defaultItemStatsOptions } from "../../src/layers/itemStatsConfig.js"
import { make as makeItemStats } from "../../src/layers/ItemStatsMemory.js"
import { LlmCatalogLive } from "../../src/layers/LlmCatalog.js"
import { analyzeBrowsingPattern } from "../../src/domain/analysis/index.js"
import { defaultContextLimits } from "../../src/domain/context.js"
import { segmentOf } from "../../src/domain/learning/segment.js"
import { parseRecommendRequest, type RawRecommendRequest } from "../../src/domain/request.js"
import { ItemStats } from "../../src/services/ItemStats.js"
import { fixtureItems } from "../catalog/support.js"
import { collect, validRequest, type Worker } from "../support/grpc.js"
import { sampleValue, scrape, startOpsWorker, type UnaryOutcome } from "../ops/support.js"

const record = (worker: Worker, request: FeedbackRequest) =>
  Effect.async<UnaryOutcome<FeedbackResponse__Output>>((resume) => {
    worker.client.RecordFeedback(request, (error, value) =>
      resume(Effect.succeed({ value: value ?? undefined, error: error ?? undefined })))
  })

const catalogWithStats = () => {
  const stats = makeItemStats(defaultItemStatsOptions)
  const layer = Layer.merge(
    LlmCatalogLive.pipe(Layer.provide(layerFromItems(fixtureItems))),
    Layer.succeed(ItemStats, stats)
  )
  return { stats, layer }
}

// A content type of its own, so this file's counts are apart from other tests' in the shared registry.
const request = { ...validRequest, content_type: "research" }

describe("item feedback", () => {
  it.scopedLive("counts item events by source and position, once per recommendation and item", () =>
    Effect.gen(function*() {
      const { stats, layer } = catalogWithStats()
      const worker = yield* startOpsWorker(layer)
      const { messages, status } = yield* Effect.promise(() => collect(worker.client.Recommend(request)))
      expect(status.code).toBe(Status.OK)
      const items = messages.flatMap((m) => (m.item === null ? [] : [m.item]))
      expect(items.length).toBeGreaterThanOrEqual(3)
      const recommendation_id = messages[0]!.recommendation_id
      const labels = { provider: "catalog", content_type: "research" }
      const before = yield* scrape(worker.httpPort)
      const count = (samples: typeof before, extra: Record<string, string>) =>
        sampleValue(samples, "recommendation_feedback_total", { ...labels, ...extra })

      for (const item of items) {
        const { value } = yield* record(worker, { recommendation_id, event: "impression", item_id: item.id, position: item.position })
        expect(value?.known_recommendation).toBe(true)
      }
      const clicked = items[1]!
      for (let i = 0; i < 3; i++) {
        yield* record(worker, { recommendation_id, event: "click", item_id: clicked.id, clicked_url: clicked.url })
      }
      yield* record(worker, { recommendation_id, event: "dismiss", item_id: items[2]!.id, position: 3 })
      const unknownItem = yield* record(worker, { recommendation_id, event: "click", item_id: "never-shown-here" })
      expect(unknownItem.value?.known_recommendation).toBe(true)
      yield* record(worker, { recommendation_id, event: "click" }) // the answer as a whole, as before

      const after = yield* scrape(worker.httpPort)
      const delta = (extra: Record<string, string>) => count(after, extra) - count(before, extra)
      expect(delta({ event: "impression", source: "catalog", position: "1" })).toBe(1)
      expect(delta({ event: "impression", source: "catalog" })).toBe(items.length)
      // Three clicks on one item of one recommendation: one click (the position is the one it was shown at).
      expect(delta({ event: "click", source: "catalog", position: "2" })).toBe(1)
      expect(delta({ event: "dismiss", source: "catalog", position: "3" })).toBe(1)
      expect(delta({ event: "click", source: "unknown" })).toBe(1)
      expect(delta({ event: "click", source: "answer", position: "none" })).toBe(1)

      const lookup = (yield* stats.lookup)!
      expect(lookup(clicked.id, "")?.clicks).toBeCloseTo(1, 3)
      expect(lookup(items[2]!.id, "")?.dismissals).toBeCloseTo(1, 3)
      expect(lookup("never-shown-here", "")).toBeUndefined()
    }))

  it.scopedLive("learns in the segment of the user the item was shown to", () =>
    Effect.gen(function*() {
      const { stats, layer } = catalogWithStats()
      const worker = yield* startOpsWorker(layer)
      const { messages } = yield* Effect.promise(() => collect(worker.client.Recommend(request)))
      const item = messages.find((m) => m.item !== null)!.item!
      yield* record(worker, { recommendation_id: messages[0]!.recommendation_id, event: "click", item_id: item.id })
      const lookup = (yield* stats.lookup)!
      const input = yield* parseRecommendRequest(request as RawRecommendRequest, defaultContextLimits)
      const segment = segmentOf(yield* analyzeBrowsingPattern(input.context, input.userId))
      expect(segment).not.toBe("")
      expect(lookup(item.id, segment)?.clicks).toBeCloseTo(1, 3)
      expect(lookup(item.id, "some-other-segment")).toBeUndefined()
    }))

  it.scopedLive("answers a malformed item_id or position with INVALID_ARGUMENT naming it", () =>
    Effect.gen(function*() {
      const { layer } = catalogWithStats()
      const worker = yield* startOpsWorker(layer)
      const id = "00000000-0000-4000-8000-000000000000"
      const spaced = yield* record(worker, { recommendation_id: id, event: "click", item_id: "a b" })
      expect(spaced.error?.code).toBe(grpc.status.INVALID_ARGUMENT)
      expect(spaced.error?.details).toMatch(/item_id must be/)
      const far = yield* record(worker, { recommendation_id: id, event: "click", item_id: "x", position: 1000 })
      expect(far.error?.code).toBe(grpc.status.INVALID_ARGUMENT)
      expect(far.error?.details).toMatch(/position must be between 1 and 100/)
    }))
})
