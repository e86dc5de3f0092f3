/**
 * Per-key request rates (`RATE_LIMIT_PER_KEY` per minute, bursts of
 * `RATE_LIMIT_BURST`), one bucket per API key id, or one for everybody when
 * the service is open. Unset: no limit.
 *
 * With a shared Redis the buckets live there (RateLimiterRedis.ts), so the
 * limit holds for the fleet. When Redis fails or is slow, this replica falls
 * back to its own buckets (a limit per replica rather than none), warns at
 * most once a minute, and never fails a call because of it.
 */
import { Clock, Config, ConfigError, Effect, Either, Layer, Option } from "effect"
import { ResourceExhausted } from "../domain/errors.js"
import { gcra, type RateDecision, type RateLimit, rateLimitedReason } from "../domain/rateLimit.js"
import { countMetric, rateLimited } from "../metrics/definitions.js"
import { RateLimiter, type RateLimiterService } from "../services/RateLimiter.js"
import { takeFromRedis } from "./RateLimiterRedis.js"
import { type RedisCommandError, type RedisConnection, SharedRedis } from "./RedisClient.js"

/** The bucket (and metric label) of the open service, which has no key ids. */
export const openBucket = "open"

/** How often, at most, a Redis failure is logged. */
const warningIntervalMs = 60_000

export const make = (
  limit: Option.Option<RateLimit>,
  redis: Option.Option<RedisConnection> = Option.none()
): RateLimiterService => {
  if (Option.isNone(limit)) return RateLimiter.of({ admit: () => Effect.void })
  const rate = limit.value
  // Bucket -> theoretical arrival time; one entry per configured key at most.
  const local = new Map<string, number>()
  let lastWarningAt = Number.NEGATIVE_INFINITY

  const takeLocally = (bucket: string) =>
    Effect.map(Clock.currentTimeMillis, (now): RateDecision => {
      const decision = gcra(rate, local.get(bucket), now)
      if (decision._tag === "Admitted") local.set(bucket, decision.tat)
      return decision
    })

  const warnOnce = (error: RedisCommandError) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      if (now - lastWarningAt < warningIntervalMs) return Effect.void
      lastWarningAt = now
      return Effect.logWarning("rate-limit buckets in Redis unavailable; this replica limits on its own until it is back")
        .pipe(Effect.annotateLogs({ backend: "redis", reason: error.reason }))
    })

  const take = (bucket: string): Effect.Effect<RateDecision> =>
    Option.match(redis, {
      onNone: () => takeLocally(bucket),
      onSome: (connection) =>
        takeFromRedis(connection, bucket, rate).pipe(
          Effect.catchAll((error) => Effect.zipRight(warnOnce(error), takeLocally(bucket)))
        )
    })

  return RateLimiter.of({
    admit: (keyId) => {
      const bucket = keyId ?? openBucket
      return Effect.flatMap(take(bucket), (decision) =>
        decision._tag === "Admitted"
          ? Effect.void
          : Effect.zipRight(
            countMetric(rateLimited, { key_id: bucket }),
            Effect.fail(
              new ResourceExhausted({
                limit: "RATE_LIMIT_PER_KEY",
                reason: rateLimitedReason(rate, decision.retryAfterMs, keyId !== undefined),
                retryAfterMs: decision.retryAfterMs
              })
            )
          ))
    }
  })
}

const optionalPositive = (name: string) =>
  Config.option(Config.string(name)).pipe(
    Config.mapOrFail((text) => {
      const value = Option.filter(Option.map(text, (t) => t.trim()), (t) => t !== "")
      if (Option.isNone(value)) return Either.right(Option.none<number>())
      const n = Number(value.value)
      return Number.isInteger(n) && n > 0
        ? Either.right(Option.some(n))
        : Either.left(ConfigError.InvalidData([name], "must be a positive integer"))
    })
  )

/** `RATE_LIMIT_PER_KEY` (unset or empty: no limit) and `RATE_LIMIT_BURST` (default: a minute's worth). */
export const rateLimitConfig: Config.Config<Option.Option<RateLimit>> = Config.all({
  perMinute: optionalPositive("RATE_LIMIT_PER_KEY"),
  burst: optionalPositive("RATE_LIMIT_BURST")
}).pipe(
  Config.mapOrFail(({ burst, perMinute }) => {
    if (Option.isNone(perMinute)) {
      return Option.isSome(burst)
        ? Either.left(ConfigError.InvalidData(["RATE_LIMIT_BURST"], "is set but RATE_LIMIT_PER_KEY is not"))
        : Either.right(Option.none())
    }
    return Either.right(Option.some({ perMinute: perMinute.value, burst: Option.getOrElse(burst, () => perMinute.value) }))
  })
)

export const layer = (
  limit: Option.Option<RateLimit>,
  redis: Option.Option<RedisConnection> = Option.none()
): Layer.Layer<RateLimiter> => Layer.sync(RateLimiter, () => make(limit, redis))

export const RateLimiterLive: Layer.Layer<RateLimiter, ConfigError.ConfigError, SharedRedis> = Layer.effect(
  RateLimiter,
  Effect.gen(function*() {
    const limit = yield* rateLimitConfig
    const redis = yield* SharedRedis
    if (Option.isSome(limit)) {
      yield* Effect.logInfo("request rate limited per API key").pipe(
        Effect.annotateLogs({
          per_minute: limit.value.perMinute,
          burst: limit.value.burst,
          shared: Option.isSome(redis) ? "redis" : "this process"
        })
      )
    }
    return make(limit, redis)
  })
)
