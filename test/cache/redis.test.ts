import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Context, Effect, Exit, Layer, Metric, MetricState, Option, Redacted, Ref, Schedule } from "effect"
import { randomBytes } from "node:crypto"
import { createClient } from "redis"
import { CacheLive } from "../../src/layers/Cache.js"
import { cacheErrors } from "../../src/layers/CacheMetrics.js"
import { entryKey } from "../../src/layers/CacheBackend.js"
import { seal } from "../../src/layers/CacheCipher.js"
import { keyPrefix, keySecretOf, make, type RedisCacheOptions } from "../../src/layers/CacheRedis.js"
import { Cache, type CacheCodec } from "../../src/services/Cache.js"
import { findRedisServer, freePort, startRedisServer } from "./redisServer.js"

const binary = findRedisServer()
if (binary === undefined) {
  console.log("Redis cache tests skipped: no redis-server binary on PATH (CI installs it with apt-get; see .ci/run).")
}

const text: CacheCodec<string> = { encode: (s) => s, decode: Option.some }

/** Where an entry lands in Redis: the HMAC of its key under a secret derived from the encryption key. */
const storedKey = (encryptionKey: Uint8Array, key: string) => `${keyPrefix}${entryKey(keySecretOf(encryptionKey), "analysis", key)}`

const options = (url: string, overrides: Partial<RedisCacheOptions> = {}): RedisCacheOptions => ({
  url: Redacted.make(url),
  encryptionKey: randomBytes(32),
  ttlSeconds: 600,
  timeoutMs: 100,
  ...overrides
})

/** A plain client to look at what is stored, as an operator would. */
const rawClient = (url: string) =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      const client = createClient({ url })
      client.on("error", () => {})
      await client.connect()
      return client
    }),
    (client) => Effect.sync(() => client.destroy())
  )

const errorCount = Effect.map(
  Metric.value(Metric.tagged(cacheErrors, "cache", "analysis")),
  (state: MetricState.MetricState.Counter<number>) => state.count
)

/** Waits (polling) until the cache answers a hit again, as it does once reconnected. */
const untilHit = <A>(lookup: Effect.Effect<Option.Option<A>>) =>
  lookup.pipe(
    Effect.flatMap((found) => (Option.isSome(found) ? Effect.succeed(found.value) : Effect.fail("miss" as const))),
    Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.compose(Schedule.recurs(100))))
  )

describe.skipIf(binary === undefined)("Redis cache (real redis-server on loopback)", () => {
  const server = () => startRedisServer(binary ?? "redis-server")

  it.scopedLive("stores and reads values, shared by two replicas", () =>
    Effect.gen(function*() {
      const redis = yield* server()
      const shared = options(redis.url)
      const replicaA = yield* make(shared)
      const replicaB = yield* make(shared)
      expect(yield* replicaA.get("analysis", "k")).toEqual(Option.none())
      yield* replicaA.set("analysis", "k", "관심사: effect, typescript")
      expect(yield* replicaB.get("analysis", "k")).toEqual(Option.some("관심사: effect, typescript"))
      const runs = yield* Ref.make(0)
      const compute = Effect.as(Ref.update(runs, (n) => n + 1), "computed")
      expect(yield* replicaA.getOrCompute("response", "r", text, compute)).toBe("computed")
      expect(yield* replicaB.getOrCompute("response", "r", text, compute)).toBe("computed")
      expect(yield* Ref.get(runs)).toBe(1)
    }))

  it.scopedLive("keeps only ciphertext in Redis, with the TTL set", () =>
    Effect.gen(function*() {
      const redis = yield* server()
      const settings = options(redis.url, { ttlSeconds: 120 })
      const cache = yield* make(settings)
      yield* cache.set("analysis", "the user's context", "secret browsing interest")
      const raw = yield* rawClient(redis.url)
      // The key is an HMAC too: nothing of it, nor a plain hash of it, is in Redis.
      const keys = yield* Effect.promise(() => raw.keys("*"))
      expect(keys).toEqual([storedKey(settings.encryptionKey, "the user's context")])
      expect(keys[0]).not.toContain("context")
      expect(keys[0]).toMatch(/^llm-worker-rec:v1:analysis:[A-Za-z0-9_-]{43}$/)
      const stored = yield* Effect.promise(() => raw.get(storedKey(settings.encryptionKey, "the user's context")))
      expect(stored).not.toBeNull()
      expect(String(stored)).toMatch(/^v1\./)
      expect(String(stored)).not.toContain("secret")
      const ttl = yield* Effect.promise(() => raw.ttl(storedKey(settings.encryptionKey, "the user's context")))
      expect(ttl).toBeGreaterThan(0)
      expect(ttl).toBeLessThanOrEqual(120)
    }))

  it.scopedLive("a tampered value, or one sealed under another key, is a miss and is recomputed", () =>
    Effect.gen(function*() {
      const redis = yield* server()
      const settings = options(redis.url)
      const cache = yield* make(settings)
      const other = yield* make(options(redis.url)) // another CACHE_ENCRYPTION_KEY: its entries land elsewhere
      yield* other.set("analysis", "k", "from a replica with another key")
      expect(yield* cache.get("analysis", "k")).toEqual(Option.none())
      // A value sealed under another key, put where this cache looks.
      const raw = yield* rawClient(redis.url)
      const where = storedKey(settings.encryptionKey, "k")
      yield* Effect.promise(() => raw.set(where, seal(randomBytes(32), "forged", where)))
      const before = yield* errorCount
      expect(yield* cache.get("analysis", "k")).toEqual(Option.none())
      expect(yield* errorCount).toBe(before + 1)
      yield* Effect.promise(() => raw.set(storedKey(settings.encryptionKey, "j"), "v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
      expect(yield* cache.getOrCompute("analysis", "j", text, Effect.succeed("fresh"))).toBe("fresh")
      expect(yield* cache.get("analysis", "j")).toEqual(Option.some("fresh"))
    }))

  it.scopedLive("a slow Redis is a miss after CACHE_TIMEOUT_MS, and the call goes on", () =>
    Effect.gen(function*() {
      const redis = yield* server()
      const cache = yield* make(options(redis.url, { timeoutMs: 100 }))
      yield* cache.set("analysis", "k", "v")
      const raw = yield* rawClient(redis.url)
      // Blocks the server for a second: every command waits.
      const sleeping = raw.sendCommand(["DEBUG", "SLEEP", "1"]).catch(() => undefined)
      const before = yield* errorCount
      expect(yield* cache.getOrCompute("analysis", "k", text, Effect.succeed("computed"))).toBe("computed")
      expect(yield* errorCount).toBeGreaterThanOrEqual(before + 1)
      yield* Effect.promise(() => sleeping)
    }))

  it.scopedLive("Redis down is a miss; the client reconnects when it is back", () =>
    Effect.gen(function*() {
      const redis = yield* server()
      const cache = yield* make(options(redis.url))
      yield* cache.set("analysis", "k", "before")
      yield* redis.stop
      const before = yield* errorCount
      expect(yield* cache.get("analysis", "k")).toEqual(Option.none())
      expect(yield* cache.getOrCompute("analysis", "k", text, Effect.succeed("computed while down"))).toBe("computed while down")
      expect(yield* errorCount).toBeGreaterThan(before)
      yield* redis.start // an empty server on the same port (no persistence)
      yield* Effect.gen(function*() {
        yield* cache.set("analysis", "k", "after")
        return yield* cache.get("analysis", "k")
      }).pipe(untilHit, Effect.map((value) => expect(value).toBe("after")))
    }))

  it.scopedLive("a Redis that is down at start does not stop the worker; lookups miss", () =>
    Effect.gen(function*() {
      const port = yield* Effect.promise(freePort)
      const cache = yield* make(options(`redis://127.0.0.1:${port}`))
      expect(yield* cache.getOrCompute("analysis", "k", text, Effect.succeed("computed"))).toBe("computed")
    }))

  it.scopedLive("CacheLive picks Redis when CACHE_URL is set", () =>
    Effect.gen(function*() {
      const redis = yield* server()
      const key = randomBytes(32)
      const env = new Map([
        ["CACHE_URL", redis.url],
        ["CACHE_ENCRYPTION_KEY", key.toString("base64")]
      ])
      const context = yield* Layer.build(Layer.provide(CacheLive, Layer.setConfigProvider(ConfigProvider.fromMap(env))))
      const cache = Context.get(context, Cache)
      yield* cache.set("analysis", "k", "v")
      const raw = yield* rawClient(redis.url)
      expect(yield* Effect.promise(() => raw.exists(storedKey(key, "k")))).toBe(1)
    }))
})

describe("CacheLive configuration", () => {
  const build = (env: Record<string, string>) =>
    Effect.scoped(Layer.build(Layer.provide(CacheLive, Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))))

  it.effect("CACHE_URL without CACHE_ENCRYPTION_KEY fails the start with one sentence naming it", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(build({ CACHE_URL: "redis://:hunter2@cache.internal:6379" }))
      expect(Exit.isFailure(exit)).toBe(true)
      const message = Exit.isFailure(exit) ? String(Option.getOrUndefined(Exit.causeOption(exit))) : ""
      expect(message).toContain("CACHE_ENCRYPTION_KEY")
      expect(message).not.toContain("hunter2")
    }))

  it.effect("a malformed key or URL fails with the variable named, not its value", () =>
    Effect.gen(function*() {
      const badKey = yield* Effect.flip(build({ CACHE_URL: "redis://localhost:6379", CACHE_ENCRYPTION_KEY: "tooshort" }))
      expect(badKey.message).toContain("CACHE_ENCRYPTION_KEY")
      expect(badKey.message).not.toContain("tooshort")
      const badUrl = yield* Effect.flip(build({ CACHE_URL: "http://secret@example.com", CACHE_ENCRYPTION_KEY: randomBytes(32).toString("hex") }))
      expect(badUrl.message).toContain("CACHE_URL")
      expect(badUrl.message).not.toContain("secret")
    }))

  it.effect("without CACHE_URL it is the in-memory cache; CACHE=off keeps nothing", () =>
    Effect.gen(function*() {
      const memory = yield* Effect.scoped(Effect.gen(function*() {
        const context = yield* Layer.build(Layer.provide(CacheLive, Layer.setConfigProvider(ConfigProvider.fromMap(new Map()))))
        const cache = (yield* Effect.provide(Cache, Layer.succeedContext(context)))
        yield* cache.set("analysis", "k", "v")
        return yield* cache.get("analysis", "k")
      }))
      expect(memory).toEqual(Option.some("v"))
      const off = yield* Effect.scoped(Effect.gen(function*() {
        const context = yield* Layer.build(Layer.provide(CacheLive, Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["CACHE", "off"]])))))
        const cache = (yield* Effect.provide(Cache, Layer.succeedContext(context)))
        yield* cache.set("analysis", "k", "v")
        return yield* cache.get("analysis", "k")
      }))
      expect(off).toEqual(Option.none())
    }))
})
