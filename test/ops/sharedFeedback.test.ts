/**
 * Feedback behind a load balancer: two worker processes sharing one real
 * redis-server. A recommendation answered by A and clicked through B is
 * counted in B's /metrics under A's provider, and the rate limit holds for
 * both together; with Redis down, calls still succeed and feedback counts as
 * unknown.
 */
import * as grpc from "@grpc/grpc-js"
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, LogLevel, Option, Redacted } from "effect"
import { randomBytes } from "node:crypto"
import type { FeedbackRequest } from "../../src/grpc/generated/recommendation/FeedbackRequest.js"
import type { FeedbackResponse__Output } from "../../src/grpc/generated/recommendation/FeedbackResponse.js"
import type { RecommendationServiceClient } from "../../src/grpc/generated/recommendation/RecommendationService.js"
import { recommendationProto } from "../../src/grpc/proto.js"
import { factsKey, make as makeShared } from "../../src/layers/RecentRecommendationsRedis.js"
import { connect } from "../../src/layers/RedisClient.js"
import { findRedisServer, freePort, startRedisServer } from "../cache/redisServer.js"
import { collect, validRequest } from "../support/grpc.js"
import { startWorkerProcess, type WorkerProcess } from "../support/process.js"
import { captureLogs, sampleValue, scrape, type UnaryOutcome } from "./support.js"

const binary = findRedisServer()
if (binary === undefined) console.log("Shared feedback test skipped: no redis-server binary on PATH (see .ci/run).")

interface Replica {
  readonly process: WorkerProcess
  readonly metricsPort: number
  readonly client: RecommendationServiceClient
}

const startReplica = (env: Record<string, string>) =>
  Effect.gen(function*() {
    const metricsPort = yield* Effect.promise(freePort)
    const process = yield* Effect.acquireRelease(
      Effect.promise(() => startWorkerProcess({ ...env, METRICS_PORT: String(metricsPort) })),
      (worker) =>
        Effect.promise(async () => {
          if (worker.child.exitCode !== null) return
          worker.child.kill("SIGKILL")
          await worker.exited
        })
    )
    const client = yield* Effect.acquireRelease(
      Effect.sync(() =>
        new recommendationProto.RecommendationService(`127.0.0.1:${process.port}`, grpc.credentials.createInsecure())
      ),
      (client) => Effect.sync(() => client.close())
    )
    return { process, metricsPort, client } satisfies Replica
  })

const recommend = (replica: Replica) =>
  Effect.promise(() => collect(replica.client.Recommend(validRequest, { deadline: Date.now() + 30_000 })))

const feedback = (replica: Replica, request: FeedbackRequest) =>
  Effect.async<UnaryOutcome<FeedbackResponse__Output>>((resume) => {
    replica.client.RecordFeedback(request, { deadline: Date.now() + 30_000 }, (error, value) =>
      resume(Effect.succeed({ value: value ?? undefined, error: error ?? undefined })))
  })

describe.skipIf(binary === undefined)("feedback shared through Redis (two processes, one redis-server)", () => {
  it.scopedLive("a click on B for A's recommendation counts under A's provider, one rate limit holds for both; Redis down: unknown", () =>
    Effect.gen(function*() {
      const redis = yield* startRedisServer(binary ?? "redis-server")
      const env = {
        CACHE_URL: redis.url,
        CACHE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        // One request a minute, three at once, for the whole fleet (the open service is one bucket).
        RATE_LIMIT_PER_KEY: "1",
        RATE_LIMIT_BURST: "3"
      }
      const [a, b] = yield* Effect.all([startReplica(env), startReplica(env)], { concurrency: 2 })

      const answered = yield* recommend(a)
      expect(answered.status.code).toBe(Status.OK)
      const id = answered.messages[0]?.recommendation_id ?? ""
      const provider = answered.messages[0]?.provider ?? ""
      expect(provider).not.toBe("")

      const click = yield* feedback(b, { recommendation_id: id, event: "click" })
      expect(click.error).toBeUndefined()
      expect(click.value?.known_recommendation).toBe(true)
      const samples = yield* scrape(b.metricsPort)
      expect(sampleValue(samples, "recommendation_feedback_total", { event: "click", provider })).toBe(1)
      expect(sampleValue(samples, "recommendation_feedback_total", { provider: "unknown" })).toBe(0)

      // The rate limit holds for the fleet: A took one, each takes one more, and B's fourth of the minute is refused.
      expect((yield* recommend(b)).status.code).toBe(Status.OK)
      expect((yield* recommend(a)).status.code).toBe(Status.OK)
      const refused = yield* recommend(b)
      expect(refused.status.code).toBe(Status.RESOURCE_EXHAUSTED)
      expect(Number((refused.status.metadata as grpc.Metadata).get("grpc-retry-pushback-ms")[0])).toBeGreaterThan(0)
      expect(sampleValue(yield* scrape(b.metricsPort), "rate_limited_total", { key_id: "open" })).toBe(1)

      // Redis down: calls still succeed (A limits on its own, from a fresh bucket), and B counts the event as unknown.
      yield* redis.stop
      const later = yield* recommend(a)
      expect(later.status.code).toBe(Status.OK)
      const lost = yield* feedback(b, { recommendation_id: later.messages[0]?.recommendation_id ?? "", event: "click" })
      expect(lost.error).toBeUndefined()
      expect(lost.value?.known_recommendation).toBe(false)
      const after = yield* scrape(b.metricsPort)
      expect(sampleValue(after, "recommendation_feedback_total", { event: "click", provider: "unknown" })).toBe(1)
      expect(sampleValue(after, "recommendation_feedback_total", { event: "click", provider })).toBe(1)
      // The feedback served by A itself is still attributed from A's memory.
      const own = yield* feedback(a, { recommendation_id: later.messages[0]?.recommendation_id ?? "", event: "impression" })
      expect(own.value?.known_recommendation).toBe(true)
      // Redis's address never reaches the logs.
      expect(a.process.stdout() + b.process.stdout()).not.toContain(redis.url)
    }), { timeout: 120_000 })

  it.scopedLive("stores the facts for FEEDBACK_TTL_SECONDS and warns once when Redis is gone", () =>
    Effect.gen(function*() {
      const redis = yield* startRedisServer(binary ?? "redis-server")
      const connection = yield* connect({ url: Redacted.make(redis.url), timeoutMs: 200, role: "test", whileDown: "-" })
        .pipe(Logger.withMinimumLogLevel(LogLevel.Error))
      const options = { maxEntries: 10, ttlSeconds: 90 }
      const writer = makeShared(options, connection)
      const reader = makeShared(options, connection)
      const id = "5f0c6f2e-8d8a-4f3e-9a53-0c3f5b7a1d2e"
      yield* writer.remember(id, { provider: "openai", contentType: "news" })
      expect(yield* reader.lookup(id)).toEqual(Option.some({ provider: "openai", contentType: "news" }))
      const ttl = yield* connection.run("ttl", (client) => client.ttl(factsKey(id)))
      expect(ttl).toBeGreaterThan(0)
      expect(ttl).toBeLessThanOrEqual(90)

      const logs = yield* captureLogs
      yield* redis.stop
      const other = "0e7b5c1a-2f4d-4c8b-9e6a-7d1f3b5a9c2e"
      // The call succeeds without Redis.
      yield* writer.remember(other, { provider: "openai", contentType: "news" }).pipe(
        Logger.withMinimumLogLevel(LogLevel.Error)
      )
      const lookups = yield* Effect.provide(Effect.all([reader.lookup(other), reader.lookup(other), reader.lookup(other)]), logs.layer)
      expect(lookups).toEqual([Option.none(), Option.none(), Option.none()])
      // The writer still knows its own recommendation from memory.
      expect(yield* writer.lookup(other)).toEqual(Option.some({ provider: "openai", contentType: "news" }))
      expect(logs.lines().filter((line) => line.includes("recommendation facts in Redis unavailable"))).toHaveLength(1)
    }))
})
