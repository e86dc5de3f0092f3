/**
 * Recent recommendations in memory: bounded (the oldest go first) and
 * expiring, since feedback comes minutes, not days, after a recommendation.
 * Time comes from Effect's Clock, so expiry is testable with TestClock.
 * Per process: feedback that reaches another replica counts as "unknown".
 */
import { Clock, Config, type ConfigError, Effect, Layer, Option } from "effect"
import {
  RecentRecommendations,
  type RecentRecommendationsService,
  type RecommendationFacts
} from "../services/RecentRecommendations.js"

export interface RecentRecommendationsOptions {
  readonly maxEntries: number
  readonly ttlSeconds: number
}

export const defaultRecentRecommendationsOptions: RecentRecommendationsOptions = {
  maxEntries: 100_000,
  ttlSeconds: 24 * 3600
}

interface Entry {
  readonly facts: RecommendationFacts
  readonly expiresAt: number
}

export const make = (options: RecentRecommendationsOptions): RecentRecommendationsService => {
  // A Map iterates in insertion order, and entries are never re-inserted: the first is the oldest.
  const entries = new Map<string, Entry>()
  const ttlMs = options.ttlSeconds * 1000
  return RecentRecommendations.of({
    remember: (id, facts) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        entries.delete(id)
        entries.set(id, { facts, expiresAt: now + ttlMs })
        for (const oldest of entries.keys()) {
          if (entries.size <= options.maxEntries) break
          entries.delete(oldest)
        }
      }),
    lookup: (id) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const entry = entries.get(id)
        if (entry === undefined) return Option.none()
        if (entry.expiresAt <= now) {
          entries.delete(id)
          return Option.none()
        }
        return Option.some(entry.facts)
      })
  })
}

const positiveInt = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.validate({ message: "must be a positive integer", validation: (n) => n > 0 }),
    Config.withDefault(fallback)
  )

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
