/**
 * Composition only: the whole worker is one Layer, launched until SIGINT or
 * SIGTERM (NodeRuntime turns them into interruption, so the server drains).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, ConfigError, Effect, Layer, Option, RuntimeFlags, RuntimeFlagsPatch } from "effect"
import { PipelineLive } from "./app.js"
import { GrpcServerLive } from "./grpc/server.js"
import { OpsHttpLive } from "./http/opsServer.js"
import { AccessControlLive } from "./layers/AccessControl.js"
import { LoggingLive } from "./layers/Logging.js"
import { RateLimiterLive } from "./layers/RateLimiter.js"
import { RecentRecommendationsSharedLive } from "./layers/RecentRecommendationsRedis.js"
import { SharedRedisLive } from "./layers/RedisClient.js"
import { ServingStateLive } from "./layers/ServingState.js"
import { TracingLive } from "./layers/Tracing.js"
import { HttpEdgeLive } from "./web/live.js"

const debug = process.argv.includes("--debug")

// The operations port starts before the gRPC server and the browser edge and
// stops after them, so /readyz answers 503 for the whole drain.
const WorkerLive = Layer.merge(GrpcServerLive, HttpEdgeLive).pipe(
  Layer.provideMerge(OpsHttpLive),
  Layer.provide(Layer.mergeAll(PipelineLive, AccessControlLive, RateLimiterLive, RecentRecommendationsSharedLive)),
  // One Redis connection (CACHE_URL) for what replicas share besides the cache: rate-limit buckets, feedback facts.
  Layer.provide(SharedRedisLive),
  Layer.provide(ServingStateLive),
  Layer.provide(TracingLive)
)

/** A failed start is one line naming what is wrong (a variable, a catalog line, a port). */
const reportFailure = (cause: Cause.Cause<unknown>) =>
  Effect.sync(() => {
    if (Cause.isInterruptedOnly(cause)) return
    const line = Option.match(Cause.failureOption(cause), {
      onSome: (error) =>
        ConfigError.isConfigError(error)
          ? `invalid configuration: ${String(error)}`
          : error instanceof Error ? error.message : String(error),
      onNone: () => `unexpected error\n${Cause.pretty(cause)}`
    })
    process.stderr.write(`llm-worker-rec: ${line}\n`)
  })

// The report wraps the logging layer too: a bad LOG_LEVEL is a failed start like any other.
// Effect's own fiber metrics (on by default) are off: nothing exports them, and
// they cost every call a few metric updates per fiber it starts and ends.
Layer.launch(WorkerLive).pipe(
  Effect.provide(LoggingLive({ debug })),
  Effect.withRuntimeFlagsPatch(RuntimeFlagsPatch.disable(RuntimeFlags.RuntimeMetrics)),
  Effect.tapErrorCause(reportFailure),
  NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true })
)
