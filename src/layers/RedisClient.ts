/**
 * The one way this worker talks to Redis (node-redis), shared by the cache,
 * the fleet-wide rate limiter and the feedback facts, as a scoped resource
 * (connected when built, closed when released).
 *
 * - Every command is bounded by `CACHE_TIMEOUT_MS` and never queued while the
 *   connection is down (`disableOfflineQueue`): a slow or unreachable Redis
 *   fails at once, and each user decides what that means (a cache miss, a
 *   local bucket, an unknown recommendation), never a failed call.
 * - The client reconnects by itself with capped exponential backoff; a Redis
 *   that is down at start does not stop the worker from starting.
 */
import type { createClient } from "redis"
import { Config, Context, type ConfigError, Data, Duration, Effect, Layer, Option, Redacted, Runtime, type Scope } from "effect"
import { positiveInt } from "./configValues.js"

/** Keeps this worker's keys apart from anything else in the same Redis; bump the version to drop them all. */
export const keyPrefix = "llm-worker-rec:v1:"

export const defaultTimeoutMs = 100

/** How long the start waits for a first connection before going on without one. */
const startupWait = Duration.seconds(2)

/** Backoff between reconnection attempts: 50 ms doubling, capped at 2 s. */
export const reconnectDelayMs = (retries: number): number => Math.min(50 * 2 ** Math.min(retries, 10), 2_000)

/** An error's name or code, never its message (a message may carry an address). */
export const describeRedisError = (error: unknown): string => {
  if (error instanceof Error) {
    const name = error.name === "Error" ? error.constructor.name : error.name
    const code = (error as { code?: unknown }).code
    return typeof code === "string" ? `${name} (${code})` : name
  }
  return "unknown error"
}

/** A Redis command failed or took longer than the timeout; `reason` never carries an address. */
export class RedisCommandError extends Data.TaggedError("RedisCommandError")<{
  readonly operation: string
  readonly reason: string
}> {}

// Loaded when a connection is made: a worker without CACHE_URL never pays node-redis's memory (about 14 MB).
const makeClient = (url: Redacted.Redacted, timeoutMs: number) =>
  Effect.promise(() => import("redis")).pipe(Effect.map(({ createClient }) => newClient(createClient, url, timeoutMs)))

const newClient = (create: typeof createClient, url: Redacted.Redacted, timeoutMs: number) =>
  create({
    url: Redacted.value(url),
    disableOfflineQueue: true,
    socket: {
      connectTimeout: Math.max(timeoutMs * 10, 1_000),
      reconnectStrategy: reconnectDelayMs
    }
  })

export type RedisConnectionClient = ReturnType<typeof newClient>

export interface RedisConnection {
  readonly client: RedisConnectionClient
  readonly timeoutMs: number
  /** One command, failing with `RedisCommandError` on an error or after `timeoutMs`. */
  readonly run: <A>(operation: string, command: (client: RedisConnectionClient) => Promise<A>) => Effect.Effect<A, RedisCommandError>
}

export interface RedisConnectionOptions {
  /** redis:// or rediss://, maybe with a password: never logged. */
  readonly url: Redacted.Redacted
  readonly timeoutMs: number
  /** What this connection is for, in its log lines ("cache backend", "shared state"). */
  readonly role: string
  /** What happens while it is down, for the "connection lost" warning. */
  readonly whileDown: string
}

export const connect = (options: RedisConnectionOptions): Effect.Effect<RedisConnection, never, Scope.Scope> =>
  Effect.gen(function*() {
    const runtime = yield* Effect.runtime<never>()
    const log = Runtime.runFork(runtime)
    const client = yield* makeClient(options.url, options.timeoutMs)
    // node-redis emits 'error' on each failed (re)connection attempt, and Node
    // would crash on an unhandled one; log only the transitions, not every retry.
    let connected = false
    client.on("error", (error: unknown) => {
      if (!connected) return
      connected = false
      log(Effect.logWarning(`${options.role} connection lost; ${options.whileDown} until it is back`).pipe(
        Effect.annotateLogs({ backend: "redis", reason: describeRedisError(error) })
      ))
    })
    client.on("ready", () => {
      if (connected) return
      connected = true
      log(Effect.logInfo(`${options.role} connected`).pipe(Effect.annotateLogs({ backend: "redis" })))
    })

    // connect() retries until it succeeds (or the client is closed), so it is
    // started in the (uninterruptible) acquire and awaited, bounded, after it.
    const connecting = yield* Effect.acquireRelease(
      Effect.sync(() => client.connect().then(() => true, () => false)),
      () =>
        Effect.gen(function*() {
          if (client.isReady) {
            yield* Effect.promise(() => client.close().catch(() => undefined)).pipe(
              Effect.timeoutOption(Duration.seconds(1))
            )
          }
          if (client.isOpen) client.destroy()
        })
    )
    const ready = yield* Effect.promise(() => connecting).pipe(
      Effect.timeoutTo({ duration: startupWait, onSuccess: (ok) => ok, onTimeout: () => false })
    )
    if (!ready) {
      yield* Effect.logWarning(`${options.role} not reachable at start; reconnecting in the background`).pipe(
        Effect.annotateLogs({ backend: "redis" })
      )
    }

    const run = <A>(operation: string, command: (client: RedisConnectionClient) => Promise<A>) =>
      Effect.tryPromise({
        try: () => command(client),
        catch: (error) => new RedisCommandError({ operation, reason: describeRedisError(error) })
      }).pipe(
        Effect.timeoutFail({
          duration: Duration.millis(options.timeoutMs),
          onTimeout: () => new RedisCommandError({ operation, reason: `no answer within ${options.timeoutMs} ms` })
        })
      )
    return { client, timeoutMs: options.timeoutMs, run }
  })

/** `CACHE_URL` when set and not empty. */
export const cacheUrlConfig: Config.Config<Option.Option<Redacted.Redacted>> = Config.option(Config.redacted("CACHE_URL")).pipe(
  Config.map(Option.filter((url) => Redacted.value(url).trim() !== ""))
)

export const isRedisUrl = (text: string): boolean => {
  try {
    const url = new URL(text)
    return (url.protocol === "redis:" || url.protocol === "rediss:") && url.hostname !== ""
  } catch {
    return false
  }
}

/**
 * The connection to the Redis of `CACHE_URL` that replicas share state
 * through (rate-limit buckets, feedback facts), or None without one: each
 * process then keeps its own. Built once per process (the layer is memoized)
 * and used by every layer that needs it.
 */
export class SharedRedis extends Context.Tag("llm-worker-rec/SharedRedis")<SharedRedis, Option.Option<RedisConnection>>() {}

export const SharedRedisNone: Layer.Layer<SharedRedis> = Layer.succeed(SharedRedis, Option.none())

export const sharedRedisLayer = (url: Redacted.Redacted, timeoutMs: number): Layer.Layer<SharedRedis> =>
  Layer.scoped(
    SharedRedis,
    Effect.map(
      connect({ url, timeoutMs, role: "shared state (redis)", whileDown: "each replica keeps its own" }),
      Option.some
    )
  )

export const SharedRedisLive: Layer.Layer<SharedRedis, ConfigError.ConfigError> = Layer.unwrapEffect(
  Effect.gen(function*() {
    const url = yield* cacheUrlConfig
    if (Option.isNone(url) || !isRedisUrl(Redacted.value(url.value).trim())) return SharedRedisNone
    const timeoutMs = yield* positiveInt("CACHE_TIMEOUT_MS", defaultTimeoutMs)
    return sharedRedisLayer(Redacted.make(Redacted.value(url.value).trim()), timeoutMs)
  })
)
