import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Deferred, Effect, Either, Fiber, Metric, MetricState, Option, Ref, TestClock } from "effect"
import { fromBackend, type CacheBackend, CacheBackendError } from "../../src/layers/CacheBackend.js"
import { CacheOffLive } from "../../src/layers/Cache.js"
import { entryBytes, make, makeMemoryBackend, memoryCacheConfig } from "../../src/layers/CacheMemory.js"
import { makeExpiringLru } from "../../src/layers/expiringLru.js"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { cacheErrors, cacheHits, cacheMisses } from "../../src/layers/CacheMetrics.js"
import { Cache, type CacheCodec, type CacheName } from "../../src/services/Cache.js"

const text: CacheCodec<string> = { encode: (s) => s, decode: Option.some }

const count = (metric: typeof cacheHits, name: CacheName) =>
  Effect.map(Metric.value(Metric.tagged(metric, "cache", name)), (state: MetricState.MetricState.Counter<number>) => state.count)

describe("memory cache", () => {
  it.effect("a set value is a hit; an unknown key is a miss", () =>
    Effect.gen(function*() {
      const cache = yield* make({ maxEntries: 10, ttlSeconds: 60 })
      expect(yield* cache.get("analysis", "a")).toEqual(Option.none())
      yield* cache.set("analysis", "a", "one")
      expect(yield* cache.get("analysis", "a")).toEqual(Option.some("one"))
      // Names are separate spaces: the same key under "response" is another entry.
      expect(yield* cache.get("response", "a")).toEqual(Option.none())
    }))

  it.effect("entries expire after the TTL (TestClock)", () =>
    Effect.gen(function*() {
      const cache = yield* make({ maxEntries: 10, ttlSeconds: 600 })
      yield* cache.set("analysis", "a", "one")
      yield* TestClock.adjust("599 seconds")
      expect(yield* cache.get("analysis", "a")).toEqual(Option.some("one"))
      yield* TestClock.adjust("1 second")
      expect(yield* cache.get("analysis", "a")).toEqual(Option.none())
    }))

  it.effect("a write renews the TTL", () =>
    Effect.gen(function*() {
      const cache = yield* make({ maxEntries: 10, ttlSeconds: 10 })
      yield* cache.set("analysis", "a", "one")
      yield* TestClock.adjust("8 seconds")
      yield* cache.set("analysis", "a", "two")
      yield* TestClock.adjust("8 seconds")
      expect(yield* cache.get("analysis", "a")).toEqual(Option.some("two"))
    }))

  it.effect("the least recently used entry is evicted past the bound", () =>
    Effect.gen(function*() {
      const cache = yield* make({ maxEntries: 2, ttlSeconds: 60 })
      yield* cache.set("analysis", "a", "1")
      yield* cache.set("analysis", "b", "2")
      // Reading "a" makes "b" the least recently used.
      expect(yield* cache.get("analysis", "a")).toEqual(Option.some("1"))
      yield* cache.set("analysis", "c", "3")
      expect(yield* cache.get("analysis", "b")).toEqual(Option.none())
      expect(yield* cache.get("analysis", "a")).toEqual(Option.some("1"))
      expect(yield* cache.get("analysis", "c")).toEqual(Option.some("3"))
    }))

  it.effect("the backend never holds more than maxEntries", () =>
    Effect.gen(function*() {
      const backend = makeMemoryBackend({ maxEntries: 3, ttlSeconds: 60 })
      for (let i = 0; i < 20; i++) yield* backend.set(`k${i}`, String(i))
      const present = yield* Effect.forEach(Array.from({ length: 20 }, (_, i) => `k${i}`), backend.get)
      expect(present.filter(Option.isSome).map((o) => o.value)).toEqual(["17", "18", "19"])
    }))

  it.effect("past CACHE_MAX_BYTES the least recently used go first, whatever the entry count", () =>
    Effect.gen(function*() {
      const value = (c: string) => c.repeat(1_000)
      const one = entryBytes("k0", value("x"))
      const backend = makeMemoryBackend({ maxEntries: 1_000, ttlSeconds: 60, maxBytes: 3 * one })
      yield* backend.set("k1", value("a"))
      yield* backend.set("k2", value("b"))
      yield* backend.set("k3", value("c"))
      // Reading k1 makes k2 the least recently used; a fourth entry pushes it out.
      expect(Option.isSome(yield* backend.get("k1"))).toBe(true)
      yield* backend.set("k4", value("d"))
      expect(yield* backend.get("k2")).toEqual(Option.none())
      for (const k of ["k1", "k3", "k4"]) expect(Option.isSome(yield* backend.get(k)), k).toBe(true)
      // One entry twice as big takes the room of the two least recently used.
      yield* backend.set("k5", value("e").repeat(2))
      const left = yield* Effect.forEach(["k1", "k3", "k4", "k5"], backend.get)
      expect(left.map(Option.isSome)).toEqual([false, false, true, true])
    }))

  it.effect("CACHE_MAX_BYTES defaults to 64 MiB and must be a positive integer", () =>
    Effect.gen(function*() {
      const withEnv = (entries: ReadonlyArray<[string, string]>) =>
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))
      expect((yield* memoryCacheConfig.pipe(withEnv([]))).maxBytes).toBe(64 * 1024 * 1024)
      expect((yield* memoryCacheConfig.pipe(withEnv([["CACHE_MAX_BYTES", "1048576"]]))).maxBytes).toBe(1_048_576)
      const bad = yield* Effect.either(memoryCacheConfig.pipe(withEnv([["CACHE_MAX_BYTES", "-1"]])))
      expect(Either.isLeft(bad) && String(bad.left)).toMatch(/CACHE_MAX_BYTES/)
    }))

  it("counts replaced, expired and refused entries exactly", () => {
    const lru = makeExpiringLru<string>({ maxEntries: 100, ttlMs: 1_000, maxBytes: 100, sizeOf: (_, v) => v.length })
    lru.set("a", "x".repeat(40), 0)
    lru.set("a", "x".repeat(30), 0)
    expect(lru.bytes()).toBe(30)
    lru.set("b", "y".repeat(50), 0)
    expect(lru.bytes()).toBe(80)
    // An entry over the whole budget is not kept (and does not empty the map).
    lru.set("c", "z".repeat(101), 0)
    expect(lru.bytes()).toBe(80)
    expect(Option.isNone(lru.get("c", 0))).toBe(true)
    // Replacing a key with an oversized value drops the old value too.
    lru.set("b", "z".repeat(101), 0)
    expect(Option.isNone(lru.get("b", 0))).toBe(true)
    expect(lru.bytes()).toBe(30)
    expect(Option.isNone(lru.get("a", 1_000))).toBe(true)
    expect(lru.bytes()).toBe(0)
  })

  it.effect("a full cache stays within its byte budget on the heap", () =>
    Effect.gen(function*() {
      setFlagsFromString("--expose-gc")
      const gc = runInNewContext("gc") as () => void
      const budget = 16 * 1024 * 1024
      gc()
      const before = process.memoryUsage().heapUsed
      const backend = makeMemoryBackend({ maxEntries: 1_000_000, ttlSeconds: 60, maxBytes: budget })
      // Four times the budget in distinct, flat strings shaped like cached analyses.
      for (let i = 0; i < 8_000; i++) {
        yield* backend.set(`analysis:${i.toString(16).padStart(64, "0")}`, JSON.stringify({ i, topics: "t".repeat(8_000) }))
      }
      gc()
      const held = process.memoryUsage().heapUsed - before
      expect(Option.isSome(yield* backend.get(`analysis:${(7_999).toString(16).padStart(64, "0")}`))).toBe(true)
      expect(held).toBeLessThan(budget * 1.1)
      // And the budget is used, not an entry count far below it.
      expect(held).toBeGreaterThan(budget * 0.3)
    }))

  it.effect("getOrCompute computes on a miss, stores, and hits next time", () =>
    Effect.gen(function*() {
      const cache = yield* make({ maxEntries: 10, ttlSeconds: 60 })
      const runs = yield* Ref.make(0)
      const compute = Effect.as(Ref.update(runs, (n) => n + 1), "value")
      expect(yield* cache.getOrCompute("analysis", "k", text, compute)).toBe("value")
      expect(yield* cache.getOrCompute("analysis", "k", text, compute)).toBe("value")
      expect(yield* Ref.get(runs)).toBe(1)
    }))

  it.effect("N concurrent getOrCompute on one key run the computation once", () =>
    Effect.gen(function*() {
      const cache = yield* make({ maxEntries: 10, ttlSeconds: 60 })
      const runs = yield* Ref.make(0)
      const gate = yield* Deferred.make<void>()
      const compute = Ref.update(runs, (n) => n + 1).pipe(Effect.zipRight(Deferred.await(gate)), Effect.as("shared"))
      const fibers = yield* Effect.forEach(
        Array.from({ length: 25 }),
        () => Effect.fork(cache.getOrCompute("analysis", "same", text, compute))
      )
      yield* Effect.yieldNow()
      yield* Deferred.succeed(gate, undefined)
      const results = yield* Fiber.joinAll(fibers)
      expect(results).toEqual(Array.from({ length: 25 }, () => "shared"))
      expect(yield* Ref.get(runs)).toBe(1)
    }))

  it.effect("a failed computation is shared by its waiters and not stored", () =>
    Effect.gen(function*() {
      const cache = yield* make({ maxEntries: 10, ttlSeconds: 60 })
      const runs = yield* Ref.make(0)
      const gate = yield* Deferred.make<void>()
      const failing = Ref.update(runs, (n) => n + 1).pipe(
        Effect.zipRight(Deferred.await(gate)),
        Effect.zipRight(Effect.fail("boom" as const))
      )
      const fibers = yield* Effect.forEach([1, 2, 3], () => Effect.fork(Effect.either(cache.getOrCompute("analysis", "k", text, failing))))
      yield* Effect.yieldNow()
      yield* Deferred.succeed(gate, undefined)
      const results = yield* Fiber.joinAll(fibers)
      expect(results.every((r) => r._tag === "Left")).toBe(true)
      expect(yield* Ref.get(runs)).toBe(1)
      expect(yield* cache.get("analysis", "k")).toEqual(Option.none())
    }))

  it.effect("when the leading call is interrupted, a waiter takes over the computation", () =>
    Effect.gen(function*() {
      const cache = yield* make({ maxEntries: 10, ttlSeconds: 60 })
      const runs = yield* Ref.make(0)
      const started = yield* Deferred.make<void>()
      const slow = Ref.updateAndGet(runs, (n) => n + 1).pipe(
        Effect.tap(() => Deferred.succeed(started, undefined)),
        Effect.zipRight(Effect.sleep("1 second")),
        Effect.as("done")
      )
      const leader = yield* Effect.fork(cache.getOrCompute("analysis", "k", text, slow))
      yield* Deferred.await(started)
      const waiter = yield* Effect.fork(cache.getOrCompute("analysis", "k", text, slow))
      yield* Effect.yieldNow()
      yield* Fiber.interrupt(leader)
      yield* TestClock.adjust("1 second")
      expect(yield* Fiber.join(waiter)).toBe("done")
      expect(yield* Ref.get(runs)).toBe(2)
    }))

  it.effect("an undecodable stored value is a miss and is recomputed", () =>
    Effect.gen(function*() {
      const cache = yield* make({ maxEntries: 10, ttlSeconds: 60 })
      const numbers: CacheCodec<number> = {
        encode: String,
        decode: (s) => (/^\d+$/.test(s) ? Option.some(Number(s)) : Option.none())
      }
      yield* cache.set("analysis", "k", "not a number")
      expect(yield* cache.getOrCompute("analysis", "k", numbers, Effect.succeed(42))).toBe(42)
      expect(yield* cache.get("analysis", "k")).toEqual(Option.some("42"))
    }))

  it.effect("hits, misses and errors are counted with the cache label", () =>
    Effect.gen(function*() {
      const failing: CacheBackend = {
        kind: "test",
        get: () => Effect.fail(new CacheBackendError({ operation: "get", reason: "down" })),
        set: () => Effect.fail(new CacheBackendError({ operation: "set", reason: "down" }))
      }
      const broken = fromBackend(failing)
      const cache = yield* make({ maxEntries: 10, ttlSeconds: 60 })
      const before = {
        hits: yield* count(cacheHits, "response"),
        misses: yield* count(cacheMisses, "response"),
        errors: yield* count(cacheErrors, "response")
      }
      yield* cache.set("response", "k", "v")
      yield* cache.get("response", "k")
      yield* cache.get("response", "other")
      // A broken backend: the call goes on with the computed value.
      expect(yield* broken.getOrCompute("response", "k", text, Effect.succeed("computed"))).toBe("computed")
      expect(yield* count(cacheHits, "response")).toBe(before.hits + 1)
      expect(yield* count(cacheMisses, "response")).toBe(before.misses + 2)
      expect(yield* count(cacheErrors, "response")).toBe(before.errors + 2)
    }))

  it.effect("CACHE=off keeps nothing: every call computes, and callers are told to skip keys", () =>
    Effect.gen(function*() {
      const cache = yield* Cache
      expect(cache.enabled).toBe(false)
      yield* cache.set("analysis", "k", "v")
      expect(yield* cache.get("analysis", "k")).toEqual(Option.none())
      const runs = yield* Ref.make(0)
      yield* cache.getOrCompute("analysis", "k", text, Effect.as(Ref.update(runs, (n) => n + 1), "x"))
      yield* cache.getOrCompute("analysis", "k", text, Effect.as(Ref.update(runs, (n) => n + 1), "x"))
      expect(yield* Ref.get(runs)).toBe(2)
    }).pipe(Effect.provide(CacheOffLive)))
})
