/**
 * Per-key rate limits: the GCRA arithmetic (pure, and on the TestClock), the
 * status, sentence, trailer and metric a limited caller sees through the
 * real server, and the fleet-wide limit in a real redis-server, including
 * the fall-back to local buckets when it goes down.
 */
import * as grpc from "@grpc/grpc-js"
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Either, Exit, FastCheck, Logger, LogLevel, Option, Redacted, TestClock } from "effect"
import { keyId } from "../../src/domain/apiKeys.js"
import type { ResourceExhausted } from "../../src/domain/errors.js"
import { emissionIntervalMs, gcra, type RateLimit } from "../../src/domain/rateLimit.js"
import { retryPushbackTrailer } from "../../src/grpc/status.js"
import { make as makeLimiter, rateLimitConfig } from "../../src/layers/RateLimiter.js"
import { connect } from "../../src/layers/RedisClient.js"
import type { RateLimiterService } from "../../src/services/RateLimiter.js"
import { findRedisServer, startRedisServer } from "../cache/redisServer.js"
import { OpsTest } from "../layers/OpsTest.js"
import { chunk, makeScriptedLlm } from "../layers/LlmScripted.js"
import { collect, validRequest } from "../support/grpc.js"
import { captureLogs, metadataWith, sampleValue, scrape, startOpsWorker } from "./support.js"

/** Admits `n` requests in a row; the outcome of each. */
const admitMany = (limiter: RateLimiterService, key: string | undefined, n: number) =>
  Effect.forEach(Array.from({ length: n }), () => Effect.exit(limiter.admit(key)))

const admittedCount = (exits: ReadonlyArray<Exit.Exit<void, ResourceExhausted>>) => exits.filter(Exit.isSuccess).length

const failureOf = (exit: Exit.Exit<void, ResourceExhausted>): ResourceExhausted => {
  if (Exit.isSuccess(exit)) throw new Error("expected the request to be limited")
  const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  if (failure === undefined) throw new Error("expected a typed failure")
  return failure
}

describe("the rate arithmetic (GCRA)", () => {
  const limit: RateLimit = { perMinute: 60, burst: 3 }

  it("admits a burst at once, then one request per interval, and says how long to wait", () => {
    let tat: number | undefined
    const at = (now: number) => {
      const decision = gcra(limit, tat, now)
      if (decision._tag === "Admitted") tat = decision.tat
      return decision._tag === "Admitted" ? "ok" : decision.retryAfterMs
    }
    expect([at(0), at(0), at(0), at(0)]).toEqual(["ok", "ok", "ok", 1000])
    expect(at(999)).toBe(1)
    expect(at(1000)).toBe("ok")
    expect(at(1000)).toBe(1000)
    // After a quiet spell the bucket is full again, not fuller.
    expect([at(60_000), at(60_000), at(60_000), at(60_000)]).toEqual(["ok", "ok", "ok", 1000])
  })

  it.prop(
    "never admits more than the burst plus the refill in any window",
    [
      FastCheck.integer({ min: 1, max: 600 }),
      FastCheck.integer({ min: 1, max: 20 }),
      FastCheck.array(FastCheck.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 200 })
    ],
    ([perMinute, burst, gaps]) => {
      const rate = { perMinute, burst }
      let tat: number | undefined
      let now = 0
      const admitted: Array<number> = []
      for (const gap of gaps) {
        now += gap
        const decision = gcra(rate, tat, now)
        if (decision._tag === "Admitted") {
          tat = decision.tat
          admitted.push(now)
        } else {
          // The wait it announces is enough, and not more than needed.
          expect(gcra(rate, tat, now + decision.retryAfterMs)._tag).toBe("Admitted")
          expect(gcra(rate, tat, now + decision.retryAfterMs - 1.5)._tag).toBe("Limited")
        }
      }
      const interval = emissionIntervalMs(rate)
      for (let i = 0; i < admitted.length; i++) {
        for (let j = i; j < admitted.length; j++) {
          const window = (admitted[j] ?? 0) - (admitted[i] ?? 0)
          expect(j - i + 1).toBeLessThanOrEqual(burst + Math.floor(window / interval))
        }
      }
    }
  )
})

describe("the rate limiter in one process", () => {
  it.effect("limits each key on its own, and the open service as one bucket, on the clock", () =>
    Effect.gen(function*() {
      const limiter = makeLimiter(Option.some({ perMinute: 6, burst: 2 }))
      expect(admittedCount(yield* admitMany(limiter, "key-a", 5))).toBe(2)
      expect(admittedCount(yield* admitMany(limiter, "key-b", 5))).toBe(2)
      const limited = failureOf(yield* Effect.exit(limiter.admit("key-a")))
      expect(limited.limit).toBe("RATE_LIMIT_PER_KEY")
      expect(limited.retryAfterMs).toBe(10_000)
      expect(limited.reason).toBe(
        "Rate limit reached for this API key (6 requests per minute, bursts of 2); retry in 10 s."
      )
      yield* TestClock.adjust(Duration.millis(9_999))
      expect(admittedCount(yield* admitMany(limiter, "key-a", 1))).toBe(0)
      yield* TestClock.adjust(Duration.millis(1))
      expect(admittedCount(yield* admitMany(limiter, "key-a", 3))).toBe(1)

      expect(admittedCount(yield* admitMany(limiter, undefined, 3))).toBe(2)
      expect(failureOf(yield* Effect.exit(limiter.admit(undefined))).reason).toMatch(/for this service/)
    }))

  it.effect("admits everything when no limit is set", () =>
    Effect.gen(function*() {
      expect(admittedCount(yield* admitMany(makeLimiter(Option.none()), "key-a", 1_000))).toBe(1_000)
    }))
})

describe("the rate-limit settings", () => {
  const read = (env: Record<string, string>) =>
    Effect.withConfigProvider(Effect.either(rateLimitConfig), ConfigProvider.fromMap(new Map(Object.entries(env))))

  it.effect("no limit unless RATE_LIMIT_PER_KEY is set; the burst defaults to a minute's worth", () =>
    Effect.gen(function*() {
      expect(yield* read({})).toEqual(Either.right(Option.none()))
      expect(yield* read({ RATE_LIMIT_PER_KEY: " " })).toEqual(Either.right(Option.none()))
      expect(yield* read({ RATE_LIMIT_PER_KEY: "120" })).toEqual(Either.right(Option.some({ perMinute: 120, burst: 120 })))
      expect(yield* read({ RATE_LIMIT_PER_KEY: "120", RATE_LIMIT_BURST: "5" }))
        .toEqual(Either.right(Option.some({ perMinute: 120, burst: 5 })))
    }))

  it.effect("a malformed value, or a burst without a rate, is an error naming the variable", () =>
    Effect.gen(function*() {
      for (
        const [env, variable] of [
          [{ RATE_LIMIT_PER_KEY: "ten" }, "RATE_LIMIT_PER_KEY"],
          [{ RATE_LIMIT_PER_KEY: "0" }, "RATE_LIMIT_PER_KEY"],
          [{ RATE_LIMIT_PER_KEY: "1.5" }, "RATE_LIMIT_PER_KEY"],
          [{ RATE_LIMIT_PER_KEY: "10", RATE_LIMIT_BURST: "-1" }, "RATE_LIMIT_BURST"],
          [{ RATE_LIMIT_BURST: "10" }, "RATE_LIMIT_BURST"]
        ] as const
      ) {
        const result = yield* read(env)
        expect(Either.isLeft(result)).toBe(true)
        if (Either.isLeft(result)) expect(String(result.left)).toContain(variable)
      }
    }))
})

describe("a limited caller, through the real server", () => {
  it.scopedLive("gets RESOURCE_EXHAUSTED, a sentence saying when to retry, the pushback trailer, and a metric", () =>
    Effect.gen(function*() {
      const [limitedKey, otherKey] = ["rate-test-key-one-0123456789", "rate-test-key-two-0123456789"]
      const llm = yield* makeScriptedLlm(() => [chunk("ok")])
      // One request a minute, two at once: the third within the minute is refused whatever the machine's speed.
      const worker = yield* startOpsWorker(llm.layer, {
        ops: OpsTest({ apiKeys: [limitedKey, otherKey], rateLimit: { perMinute: 1, burst: 2 } })
      })
      const recommend = (key: string) =>
        Effect.promise(() =>
          collect(worker.client.Recommend(validRequest, metadataWith({ authorization: `Bearer ${key}` }), {
            deadline: Date.now() + 20_000
          }))
        )
      expect((yield* recommend(limitedKey)).status.code).toBe(Status.OK)
      expect((yield* recommend(limitedKey)).status.code).toBe(Status.OK)
      const refused = yield* recommend(limitedKey)
      expect(refused.status.code).toBe(Status.RESOURCE_EXHAUSTED)
      expect(refused.messages).toEqual([])
      expect(refused.status.details).toMatch(
        /^Rate limit reached for this API key \(1 requests per minute, bursts of 2\); retry in \d+(\.\d)? s\.$/
      )
      const pushback = Number((refused.status.metadata as grpc.Metadata).get(retryPushbackTrailer)[0])
      expect(pushback).toBeGreaterThan(0)
      expect(pushback).toBeLessThanOrEqual(60_000)
      // The other key has its own bucket.
      expect((yield* recommend(otherKey)).status.code).toBe(Status.OK)

      const samples = yield* scrape(worker.httpPort)
      expect(sampleValue(samples, "rate_limited_total", { key_id: keyId(limitedKey) })).toBe(1)
      expect(sampleValue(samples, "rate_limited_total", { key_id: keyId(otherKey) })).toBe(0)
    }))
})

const binary = findRedisServer()
if (binary === undefined) console.log("Redis rate-limit tests skipped: no redis-server binary on PATH (see .ci/run).")

describe.skipIf(binary === undefined)("the fleet-wide rate limit (real redis-server)", () => {
  const replica = (url: string, limit: RateLimit) =>
    Effect.map(
      connect({ url: Redacted.make(url), timeoutMs: 200, role: "test", whileDown: "local" }).pipe(
        Logger.withMinimumLogLevel(LogLevel.Error)
      ),
      (redis) => makeLimiter(Option.some(limit), Option.some(redis))
    )

  it.scopedLive("holds for two replicas sharing one Redis", () =>
    Effect.gen(function*() {
      const redis = yield* startRedisServer(binary ?? "redis-server")
      const limit = { perMinute: 1, burst: 3 }
      const a = yield* replica(redis.url, limit)
      const b = yield* replica(redis.url, limit)
      expect(admittedCount(yield* admitMany(a, "shared-key", 2))).toBe(2)
      expect(admittedCount(yield* admitMany(b, "shared-key", 2))).toBe(1)
      const limited = failureOf(yield* Effect.exit(a.admit("shared-key")))
      expect(limited.retryAfterMs).toBeGreaterThan(0)
      expect(limited.retryAfterMs).toBeLessThanOrEqual(60_000)
      // Another key is another bucket, in Redis too.
      expect(admittedCount(yield* admitMany(b, "other-key", 3))).toBe(3)
    }))

  it.scopedLive("falls back to local buckets when Redis is down, warns once a minute, never fails a call for it", () =>
    Effect.gen(function*() {
      const redis = yield* startRedisServer(binary ?? "redis-server")
      const logs = yield* captureLogs
      const a = yield* replica(redis.url, { perMinute: 1, burst: 3 })
      expect(admittedCount(yield* admitMany(a, "key", 1))).toBe(1)
      yield* redis.stop
      const exits = yield* admitMany(a, "key", 5).pipe(Effect.provide(logs.layer))
      // The local bucket is fresh: its own burst, then the limit (a ResourceExhausted, not a Redis error).
      expect(admittedCount(exits)).toBe(3)
      for (const exit of exits.filter(Exit.isFailure)) expect(failureOf(exit).limit).toBe("RATE_LIMIT_PER_KEY")
      const warnings = logs.lines().filter((line) => line.includes("rate-limit buckets in Redis unavailable"))
      expect(warnings).toHaveLength(1)
      expect(logs.lines().join("\n")).not.toContain(redis.url)
    }))
})
