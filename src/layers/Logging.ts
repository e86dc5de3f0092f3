/**
 * Logs as JSON lines (one object per line on stdout, for collectors), or
 * pretty on a terminal with --debug; the level from LOG_LEVEL (default Info),
 * Debug with --debug.
 */
import { Config, type ConfigError, Effect, Layer, Logger, LogLevel } from "effect"

export const LoggingLive = (options: { readonly debug: boolean }): Layer.Layer<never, ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.gen(function*() {
    const level = yield* Config.logLevel("LOG_LEVEL").pipe(Config.withDefault(LogLevel.Info))
    const pretty = options.debug && process.stdout.isTTY === true
    return Layer.merge(
      pretty ? Logger.pretty : Logger.json,
      Logger.minimumLogLevel(options.debug ? LogLevel.Debug : level)
    )
  }))
