/**
 * Composition only: the whole worker is one Layer, launched until SIGINT or
 * SIGTERM (NodeRuntime turns them into interruption, so the server drains).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { ConfigError, Effect, Layer } from "effect"
import { GrpcServerLive } from "./grpc/server.js"
import { CatalogLive } from "./layers/Catalog.js"
import { ConfigLive } from "./layers/Config.js"
import { GroundingLive } from "./layers/Grounding.js"
import { LlmLive } from "./layers/LlmChain.js"
import { LoggingLive } from "./layers/Logging.js"

const debug = process.argv.includes("--debug")

const WorkerLive = GrpcServerLive.pipe(
  Layer.provide(Layer.merge(LlmLive, GroundingLive)),
  Layer.provide(CatalogLive),
  Layer.provide(ConfigLive)
)

/** A failed start is one line naming what is wrong (a variable, a catalog line, a port). */
const reportStartFailure = (error: unknown) =>
  Effect.sync(() => {
    const message = ConfigError.isConfigError(error) ? `invalid configuration: ${String(error)}` : String(error instanceof Error ? error.message : error)
    process.stderr.write(`llm-worker-rec: ${message}\n`)
    process.exitCode = 1
  })

Layer.launch(WorkerLive).pipe(
  Effect.provide(LoggingLive({ debug })),
  Effect.catchAll(reportStartFailure),
  NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true })
)
