/**
 * ItemStats in Redis against a real redis-server: two replicas learn
 * together, an event counts once across replicas, counts decay with the
 * half-life, and a Redis that is down costs learning, never a call.
 */
import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, Redacted } from "effect"
import { defaultItemStatsOptions } from "../../src/layers/itemStatsConfig.js"
import { make } from "../../src/layers/ItemStatsRedis.js"
import { findRedisServer, startRedisServer } from "../cache/redisServer.js"

const binary = findRedisServer()
if (binary === undefined) console.log("ItemStats Redis tests skipped: no redis-server binary on PATH (.ci/run installs it).")

const options = (url: string) => ({
  ...defaultItemStatsOptions,
  halfLifeMs: 3_600_000,
  url: Redacted.make(url),
  timeoutMs: 500,
  refreshMs: 60_000
})

describe.skipIf(binary === undefined)("ItemStats in Redis", () => {
  it.scopedLive("replicas share what they learn, and an event counts once across them", () =>
    Effect.gen(function*() {
      const redis = yield* startRedisServer(binary!)
      const a = yield* make(options(redis.url))
      const b = yield* make(options(redis.url))
      const event = { recommendationId: "r1", itemId: "g-real-python", segment: "596", event: "click" } as const
      expect(yield* a.record(event)).toBe(true)
      expect(yield* b.record(event)).toBe(false) // the same click, reported to the other replica
      expect(yield* a.record({ ...event, event: "impression" })).toBe(true)
      expect(yield* b.record({ ...event, recommendationId: "r2", event: "impression" })).toBe(true)
      // A new replica reads the shared table at start.
      const c = yield* make(options(redis.url))
      const lookup = (yield* c.lookup)!
      const inSegment = lookup("g-real-python", "596")!
      expect(inSegment.clicks).toBeCloseTo(1, 3)
      expect(inSegment.impressions).toBeCloseTo(2, 3)
      expect(lookup("g-real-python", "")!.clicks).toBeCloseTo(1, 3)
      expect(lookup("g-real-python", "210")).toBeUndefined()
      // The replica that wrote sees its own events at once, without a refresh.
      expect((yield* a.lookup)!("g-real-python", "596")!.clicks).toBeCloseTo(1, 3)
    }))

  it.scopedLive("counts decay with the half-life (time from Effect's Clock)", () =>
    Effect.gen(function*() {
      const redis = yield* startRedisServer(binary!)
      const stats = yield* make(options(redis.url))
      const event = { recommendationId: "r1", itemId: "x", segment: "s", event: "click" } as const
      yield* stats.record(event).pipe(Effect.withClock(fixedClock(0)))
      yield* stats.record({ ...event, recommendationId: "r2" }).pipe(Effect.withClock(fixedClock(3_600_000)))
      // 1 click an hour ago (now 0.5) + 1 now = 1.5; read another hour later: 0.75.
      const fresh = yield* make(options(redis.url))
      const lookup = (yield* fresh.lookup.pipe(Effect.withClock(fixedClock(7_200_000))))!
      expect(lookup("x", "s")!.clicks).toBeCloseTo(0.75, 6)
    }))

  it.scopedLive("a Redis that is down costs learning, not calls: events apply on this replica, once", () =>
    Effect.gen(function*() {
      const redis = yield* startRedisServer(binary!)
      const stats = yield* make(options(redis.url))
      yield* redis.stop
      const event = { recommendationId: "r1", itemId: "y", segment: "s", event: "click" } as const
      expect(yield* stats.record(event)).toBe(true)
      expect(yield* stats.record(event)).toBe(false)
      expect((yield* stats.lookup)!("y", "s")!.clicks).toBeCloseTo(1, 3)
    }))
})

/** A clock stopped at `millis` that still sleeps in real time (the layer's timeouts must not fire at once). */
const fixedClock = (millis: number): Clock.Clock => {
  const real = Clock.make()
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => millis,
    currentTimeMillis: Effect.succeed(millis),
    unsafeCurrentTimeNanos: () => BigInt(millis) * 1_000_000n,
    currentTimeNanos: Effect.succeed(BigInt(millis) * 1_000_000n),
    sleep: (duration) => real.sleep(duration)
  }
}
