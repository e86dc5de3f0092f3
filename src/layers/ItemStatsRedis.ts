/**
 * Item statistics shared by replicas through Redis (CACHE_URL): every event
 * is applied in Redis by one Lua script (counted once per recommendation,
 * item and event; decayed and incremented atomically), and each replica
 * reads the whole table into memory every LEARNING_REFRESH_MS, so a ranking
 * never waits on Redis. Its own events also update the local copy at once.
 *
 * Redis holds item ids, segment ids and decayed counts, nothing about users;
 * recommendation ids appear only in the keys that remember what was counted,
 * which expire with FEEDBACK_TTL_SECONDS. A Redis that is down or slow costs
 * learning (events are applied locally only, with a warning), never a call.
 */
import { Clock, Config, type ConfigError, Duration, Effect, Layer, Option, Redacted, Schedule, type Scope } from "effect"
import { addEvent, type DecayedCounts, decayTo, emptyCounts, type ItemEvent, statsKey } from "../domain/learning/stats.js"
import { ItemStats, type ItemStatsService } from "../services/ItemStats.js"
import { InvalidCacheConfig } from "./CacheRedis.js"
import { positiveInt } from "./configValues.js"
import { makeExpiringLru } from "./expiringLru.js"
import { type ItemStatsOptions, itemStatsConfig } from "./itemStatsConfig.js"
import { cacheUrlConfig, connect, defaultTimeoutMs, keyPrefix, type RedisConnection, SharedRedis } from "./RedisClient.js"

export interface RedisItemStatsOptions extends ItemStatsOptions {
  readonly url: Redacted.Redacted
  readonly timeoutMs: number
  readonly refreshMs: number
}

export const statsHashKey = `${keyPrefix}itemstats`
const countedKeyPrefix = `${keyPrefix}itemstats:counted:`

// KEYS[1] the hash, KEYS[2] the "already counted" key; ARGV now, half-life ms, event, ttl s, then the fields.
// Returns 0 when the event was already counted, else 1.
const recordScript = `
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', tonumber(ARGV[4])) == false then return 0 end
local now = tonumber(ARGV[1])
local halfLife = tonumber(ARGV[2])
local event = ARGV[3]
for i = 5, #ARGV do
  local field = ARGV[i]
  local imp, clk, dis, at = 0, 0, 0, now
  local stored = redis.call('HGET', KEYS[1], field)
  if stored then
    local a, b, c, d = string.match(stored, '^(%S+) (%S+) (%S+) (%S+)$')
    imp, clk, dis, at = tonumber(a), tonumber(b), tonumber(c), tonumber(d)
    if now > at then
      local factor = 2 ^ (-(now - at) / halfLife)
      imp, clk, dis, at = imp * factor, clk * factor, dis * factor, now
    end
  end
  if event == 'impression' then imp = imp + 1 elseif event == 'click' then clk = clk + 1 else dis = dis + 1 end
  redis.call('HSET', KEYS[1], field, string.format('%.17g %.17g %.17g %.17g', imp, clk, dis, at))
end
return 1
`

/** "segment|item" in Redis (printable, unlike the in-memory key). */
const fieldOf = (itemId: string, segment: string) => `${segment}|${itemId}`

const parseCounts = (text: string): DecayedCounts | undefined => {
  const [impressions, clicks, dismissals, at] = text.split(" ").map(Number)
  if ([impressions, clicks, dismissals, at].some((n) => n === undefined || !Number.isFinite(n))) return undefined
  return { impressions: impressions!, clicks: clicks!, dismissals: dismissals!, at: at! }
}

/** On a connection made elsewhere (the process's shared one, or a test's own). */
export const makeWith = (
  options: ItemStatsOptions & { readonly refreshMs: number },
  redis: RedisConnection
): Effect.Effect<ItemStatsService, never, Scope.Scope> =>
  Effect.gen(function*() {
    // The local copy: Redis's table as of the last refresh, plus this replica's events since.
    let local = new Map<string, DecayedCounts>()
    const counted = makeExpiringLru<true>({ maxEntries: options.maxDedupEntries, ttlMs: options.dedupTtlSeconds * 1000 })
    const applyLocally = (itemId: string, segment: string, event: ItemEvent, now: number) => {
      for (const key of [statsKey(itemId, ""), statsKey(itemId, segment)]) {
        local.set(key, addEvent(local.get(key) ?? emptyCounts(now), event, now, options.halfLifeMs))
      }
    }

    const refresh = Effect.gen(function*() {
      const table = yield* redis.run("hGetAll", (client) => client.hGetAll(statsHashKey))
      const next = new Map<string, DecayedCounts>()
      for (const [field, text] of Object.entries(table as Record<string, string>)) {
        const bar = field.indexOf("|")
        const counts = parseCounts(text)
        if (bar === -1 || counts === undefined) continue
        next.set(statsKey(field.slice(bar + 1), field.slice(0, bar)), counts)
      }
      local = next
    }).pipe(
      Effect.catchAll(() => Effect.logWarning("item statistics could not be read from Redis; ranking with the last copy"))
    )
    yield* refresh
    yield* Effect.forkScoped(Effect.repeat(refresh, Schedule.spaced(Duration.millis(options.refreshMs))).pipe(Effect.delay(Duration.millis(options.refreshMs))))

    return ItemStats.of({
      learning: options.learning,
      record: (feedback) =>
        Effect.gen(function*() {
          const now = yield* Clock.currentTimeMillis
          const once = `${feedback.recommendationId}|${feedback.itemId}|${feedback.event}`
          const applied = yield* redis.run("eval", (client) =>
            client.eval(recordScript, {
              keys: [statsHashKey, countedKeyPrefix + once],
              arguments: [
                String(now),
                String(options.halfLifeMs),
                feedback.event,
                String(options.dedupTtlSeconds),
                fieldOf(feedback.itemId, ""),
                fieldOf(feedback.itemId, feedback.segment)
              ]
            })
          ).pipe(
            Effect.map((reply) => Number(reply) === 1),
            Effect.catchAll(() =>
              // Redis unreachable: count here only, so this replica still learns; once per event all the same.
              Effect.as(Effect.logWarning("item feedback could not be written to Redis; applied on this replica only"), undefined)
            )
          )
          const first = applied ?? Option.isNone(counted.get(once, now))
          if (applied === undefined) counted.set(once, true, now)
          if (first) applyLocally(feedback.itemId, feedback.segment, feedback.event, now)
          return first
        }),
      lookup: Effect.map(Clock.currentTimeMillis, (now) => {
        const snapshot = local
        return snapshot.size === 0 ? undefined : (itemId: string, segment: string) => {
          const found = snapshot.get(statsKey(itemId, segment))
          return found === undefined ? undefined : decayTo(found, now, options.halfLifeMs)
        }
      })
    })
  })

/** With its own connection to `options.url` (tests and tools). */
export const make = (options: RedisItemStatsOptions): Effect.Effect<ItemStatsService, never, Scope.Scope> =>
  Effect.flatMap(
    connect({
      url: options.url,
      timeoutMs: options.timeoutMs,
      role: "item statistics (redis)",
      whileDown: "each replica learns on its own"
    }),
    (redis) => makeWith(options, redis)
  )

export const redisItemStatsConfig = Config.all({
  refreshMs: positiveInt("LEARNING_REFRESH_MS", 5_000),
  timeoutMs: positiveInt("CACHE_TIMEOUT_MS", defaultTimeoutMs)
})

/** On the process's shared Redis connection (CACHE_URL), which SharedRedis must hold. */
export const ItemStatsRedisLive: Layer.Layer<ItemStats, ConfigError.ConfigError | InvalidCacheConfig, SharedRedis> = Layer.scoped(
  ItemStats,
  Effect.gen(function*() {
    const shared = yield* SharedRedis
    if (Option.isNone(shared)) return yield* new InvalidCacheConfig({ reason: "CACHE_URL must be set for shared item statistics." })
    const settings = yield* itemStatsConfig
    const { refreshMs } = yield* redisItemStatsConfig
    return yield* makeWith({ ...settings, refreshMs }, shared.value)
  })
)

/** Redis item statistics with fixed options, for tests and tools. */
export const layer = (options: RedisItemStatsOptions): Layer.Layer<ItemStats> => Layer.scoped(ItemStats, make(options))
