/**
 * What a rate-limit check costs per Recommend call: the local GCRA, and the
 * fleet-wide one (one Lua script in a real redis-server on loopback) against
 * a plain Redis GET on the same connection as the baseline, in the same run.
 * Needs redis-server on PATH. `npm run bench:ratelimit`
 */
import { Effect, Logger, LogLevel, Option, Redacted } from "effect"
import { cpus, loadavg } from "node:os"
import { performance } from "node:perf_hooks"
import { make as makeLimiter } from "../src/layers/RateLimiter.js"
import { connect, type RedisConnection } from "../src/layers/RedisClient.js"
import { findRedisServer, startRedisServer } from "../test/cache/redisServer.js"

const calls = Number(process.env["BENCH_CALLS"] ?? 20_000)
const keys = Array.from({ length: 50 }, (_, i) => `key-${i}`)
// High enough that nothing is refused: the bench measures the check, not the refusal.
const limit = Option.some({ perMinute: 1_000_000_000, burst: 1_000_000 })

const timed = <E>(label: string, one: (i: number) => Effect.Effect<unknown, E>) =>
  Effect.gen(function*() {
    for (let i = 0; i < 500; i++) yield* Effect.either(one(i))
    const started = performance.now()
    for (let i = 0; i < calls; i++) yield* Effect.either(one(i))
    const micros = ((performance.now() - started) * 1000) / calls
    console.log(`${label.padEnd(44)} ${micros.toFixed(1).padStart(8)} µs per call`)
    return micros
  })

const main = Effect.gen(function*() {
  const binary = findRedisServer()
  if (binary === undefined) return yield* Effect.dieMessage("redis-server is not on PATH")
  console.log(`${calls} sequential checks over ${keys.length} keys; ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}`)
  const local = makeLimiter(limit)
  yield* timed("local bucket (no CACHE_URL)", (i) => local.admit(keys[i % keys.length]))

  const redis = yield* startRedisServer(binary)
  const connection: RedisConnection = yield* connect({
    url: Redacted.make(redis.url),
    timeoutMs: 1_000,
    role: "bench",
    whileDown: "-"
  })
  const baseline = yield* timed("baseline: one GET on the same connection", (i) =>
    connection.run("get", (client) => client.get(`bench:${keys[i % keys.length]}`)))
  const fleet = makeLimiter(limit, Option.some(connection))
  const shared = yield* timed("fleet-wide bucket (GCRA script in Redis)", (i) => fleet.admit(keys[i % keys.length]))
  console.log(`fleet-wide check / baseline GET: ${(shared / baseline).toFixed(2)}×`)
})

Effect.runPromise(main.pipe(Effect.scoped, Logger.withMinimumLogLevel(LogLevel.Warning))).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
