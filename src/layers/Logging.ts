/**
 * Logs as JSON lines (one object per line on stdout, for collectors), or
 * pretty on a terminal with --debug; the level from LOG_LEVEL, Debug with --debug.
 */
import { Effect, Layer, Logger, LogLevel } from "effect"
import { WorkerConfig } from "../services/WorkerConfig.js"

export const LoggingLive = (options: { readonly debug: boolean }): Layer.Layer<never, never, WorkerConfig> =>
  Layer.unwrapEffect(Effect.gen(function*() {
    const { logLevel } = yield* WorkerConfig
    const pretty = options.debug && process.stdout.isTTY === true
    return Layer.merge(
      pretty ? Logger.pretty : Logger.json,
      Logger.minimumLogLevel(options.debug ? LogLevel.Debug : logLevel)
    )
  }))
