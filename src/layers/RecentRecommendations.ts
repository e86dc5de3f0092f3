/**
 * Recent recommendations in memory: bounded (the least recently used go
 * first) and expiring, since feedback comes minutes, not days, after a recommendation.
 * Time comes from Effect's Clock, so expiry is testable with TestClock.
 * Per process: feedback that reaches another replica counts as "unknown"
 * (with `CACHE_URL`, RecentRecommendationsRedis.ts shares them in Redis).
 */
import { Clock, Config, type ConfigError, Effect, Layer } from "effect"
import {
  RecentRecommendations,
  type RecentRecommendationsService,
  type RecommendationFacts
} from "../services/RecentRecommendations.js"
import { positiveInt } from "./configValues.js"
import { makeExpiringLru } from "./expiringLru.js"

export interface RecentRecommendationsOptions {
  readonly maxEntries: number
  readonly ttlSeconds: number
}

export const defaultRecentRecommendationsOptions: RecentRecommendationsOptions = {
  maxEntries: 100_000,
  ttlSeconds: 24 * 3600
}

export const make = (options: RecentRecommendationsOptions): RecentRecommendationsService => {
  const entries = makeExpiringLru<RecommendationFacts>({
    maxEntries: options.maxEntries,
    ttlMs: options.ttlSeconds * 1000
  })
  return RecentRecommendations.of({
    remember: (id, facts) => Effect.map(Clock.currentTimeMillis, (now) => entries.set(id, facts, now)),
    lookup: (id) => Effect.map(Clock.currentTimeMillis, (now) => entries.get(id, now))
  })
}

export const recentRecommendationsConfig: Config.Config<RecentRecommendationsOptions> = Config.all({
  maxEntries: positiveInt("FEEDBACK_MAX_ENTRIES", defaultRecentRecommendationsOptions.maxEntries),
  ttlSeconds: positiveInt("FEEDBACK_TTL_SECONDS", defaultRecentRecommendationsOptions.ttlSeconds)
})

export const layer = (options: RecentRecommendationsOptions = defaultRecentRecommendationsOptions) =>
  Layer.sync(RecentRecommendations, () => make(options))

export const RecentRecommendationsLive: Layer.Layer<RecentRecommendations, ConfigError.ConfigError> = Layer.effect(
  RecentRecommendations,
  Effect.map(recentRecommendationsConfig, make)
)
