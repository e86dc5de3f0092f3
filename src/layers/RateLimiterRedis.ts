/**
 * Rate-limit buckets in Redis, so a limit holds for the whole fleet: the GCRA
 * of src/domain/rateLimit.ts as one Lua script, which Redis runs atomically
 * (no two replicas can both take the last request of a bucket). Time is
 * Redis's own clock (TIME), so replicas whose clocks differ still agree.
 * A bucket's key is the non-secret key id; it expires once full again.
 */
import { Effect } from "effect"
import { createHash } from "node:crypto"
import { emissionIntervalMs, type RateDecision, type RateLimit } from "../domain/rateLimit.js"
import { keyPrefix, RedisCommandError, type RedisConnection } from "./RedisClient.js"

/** KEYS[1]: the bucket; ARGV: the emission interval (ms) and the burst. Returns {1, 0} or {0, retry ms}. */
export const gcraScript = `
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local allowAt = tat - (burst - 1) * interval
if now < allowAt then
  return {0, math.ceil(allowAt - now)}
end
local nextTat = tat + interval
redis.call('SET', KEYS[1], string.format('%.3f', nextTat), 'PX', math.max(1, math.ceil(nextTat - now)))
return {1, 0}
`

const scriptSha = createHash("sha1").update(gcraScript).digest("hex")

export const bucketKey = (bucket: string): string => `${keyPrefix}ratelimit:${bucket}`

/** One request against `bucket` in Redis. */
export const takeFromRedis = (
  redis: RedisConnection,
  bucket: string,
  limit: RateLimit
): Effect.Effect<RateDecision, RedisCommandError> => {
  const options = { keys: [bucketKey(bucket)], arguments: [String(emissionIntervalMs(limit)), String(limit.burst)] }
  return redis.run("ratelimit", async (client) => {
    try {
      return await client.evalSha(scriptSha, options)
    } catch (error) {
      // The script cache is empty after a Redis restart: send the script itself once.
      if (error instanceof Error && error.message.startsWith("NOSCRIPT")) return await client.eval(gcraScript, options)
      throw error
    }
  }).pipe(
    Effect.flatMap((reply): Effect.Effect<RateDecision, RedisCommandError> => {
      const [admitted, retryAfterMs] = Array.isArray(reply) ? reply.map(Number) : []
      if (admitted === 1) return Effect.succeed({ _tag: "Admitted" })
      if (admitted === 0 && retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
        return Effect.succeed({ _tag: "Limited", retryAfterMs })
      }
      return Effect.fail(new RedisCommandError({ operation: "ratelimit", reason: "unexpected reply from the script" }))
    })
  )
}
