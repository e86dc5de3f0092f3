/**
 * Recent recommendations shared by the fleet: each recommendation's facts
 * (provider, content type) are written to Redis for `FEEDBACK_TTL_SECONDS`,
 * so feedback that a load balancer sends to another replica is still
 * attributed. This replica's own memory is kept in front: feedback on the
 * replica that answered needs no round trip, and still works with Redis down.
 *
 * Redis failing never fails a call: a write is skipped and a lookup that
 * misses memory counts as "unknown"; the warning comes at most once a minute.
 * The facts are labels from small fixed sets (no user data), so they are
 * stored as plain JSON under the random recommendation id.
 */
import { Clock, type ConfigError, Effect, Layer, Option } from "effect"
import {
  RecentRecommendations,
  type RecentRecommendationsService,
  type RecommendationFacts
} from "../services/RecentRecommendations.js"
import { make as makeMemory, recentRecommendationsConfig, type RecentRecommendationsOptions } from "./RecentRecommendations.js"
import { keyPrefix, type RedisCommandError, type RedisConnection, SharedRedis } from "./RedisClient.js"

export const factsKey = (recommendationId: string): string => `${keyPrefix}feedback:${recommendationId}`

/** How often, at most, a Redis failure is logged. */
const warningIntervalMs = 60_000

/** Stored facts, read back; anything that is not an object with a provider and a content type is no facts. */
export const decodeFacts = (text: string): Option.Option<RecommendationFacts> => {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== "object" || value === null) return Option.none()
    const { contentType, provider } = value as Record<string, unknown>
    return typeof provider === "string" && typeof contentType === "string"
      ? Option.some(value as RecommendationFacts)
      : Option.none()
  } catch {
    return Option.none()
  }
}

export const make = (
  options: RecentRecommendationsOptions,
  redis: RedisConnection
): RecentRecommendationsService => {
  const memory = makeMemory(options)
  let lastWarningAt = Number.NEGATIVE_INFINITY

  const warnOnce = (error: RedisCommandError) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      if (now - lastWarningAt < warningIntervalMs) return Effect.void
      lastWarningAt = now
      return Effect.logWarning(
        "recommendation facts in Redis unavailable; feedback reaching another replica counts as unknown until it is back"
      ).pipe(Effect.annotateLogs({ backend: "redis", reason: error.reason }))
    })

  return RecentRecommendations.of({
    remember: (id, facts) =>
      Effect.zipRight(
        memory.remember(id, facts),
        redis.run("set", (client) => client.set(factsKey(id), JSON.stringify(facts), { expiration: { type: "EX", value: options.ttlSeconds } }))
          .pipe(Effect.asVoid, Effect.catchAll(warnOnce))
      ),
    lookup: (id) =>
      Effect.flatMap(memory.lookup(id), (local) =>
        Option.isSome(local)
          ? Effect.succeed(local)
          : redis.run("get", (client) => client.get(factsKey(id))).pipe(
            Effect.map((text) => (typeof text === "string" ? decodeFacts(text) : Option.none())),
            Effect.catchAll((error) => Effect.as(warnOnce(error), Option.none()))
          ))
  })
}

/**
 * Recent recommendations in Redis when the worker has a shared Redis
 * (`CACHE_URL`), else in this process's memory (RecentRecommendations.ts).
 */
export const RecentRecommendationsSharedLive: Layer.Layer<RecentRecommendations, ConfigError.ConfigError, SharedRedis> =
  Layer.effect(
    RecentRecommendations,
    Effect.gen(function*() {
      const options = yield* recentRecommendationsConfig
      const redis = yield* SharedRedis
      return Option.match(redis, { onNone: () => makeMemory(options), onSome: (connection) => make(options, connection) })
    })
  )
