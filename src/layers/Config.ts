/** WorkerConfig from the environment, validated once at start. */
import { Config, Effect, Layer } from "effect"
import { defaultContextLimits } from "../domain/context.js"
import { defaultUngroundedLinks } from "../domain/items/item.js"
import { WorkerConfig, type WorkerSettings } from "../services/WorkerConfig.js"
import { positiveInt } from "./configValues.js"

export const workerSettings: Config.Config<WorkerSettings> = Config.all({
  host: Config.string("GRPC_HOST").pipe(Config.withDefault("0.0.0.0")),
  // 0 lets the system pick a free port (logged at start), which tests use.
  port: Config.integer("GRPC_PORT").pipe(
    Config.validate({ message: "must be a port number from 0 to 65535", validation: (n) => n >= 0 && n <= 65_535 }),
    Config.withDefault(50051)
  ),
  limits: Config.all({
    maxBytes: positiveInt("MAX_CONTEXT_BYTES", defaultContextLimits.maxBytes),
    maxSites: positiveInt("MAX_VISITED_SITES", defaultContextLimits.maxSites),
    maxQueries: positiveInt("MAX_SEARCH_QUERIES", defaultContextLimits.maxQueries)
  }),
  shutdownGraceMs: Config.integer("SHUTDOWN_GRACE_MS").pipe(
    Config.validate({ message: "must be a non-negative integer", validation: (n) => n >= 0 }),
    Config.withDefault(10_000)
  ),
  pseudonymKey: Config.option(Config.redacted("USER_ID_HMAC_KEY")),
  ungroundedLinks: Config.literal("keep", "mark", "drop")("UNGROUNDED_LINKS").pipe(Config.withDefault(defaultUngroundedLinks))
})

export const ConfigLive = Layer.effect(WorkerConfig, Effect.map(workerSettings, WorkerConfig.of))
