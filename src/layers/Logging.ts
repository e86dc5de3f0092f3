/**
 * Logs as JSON lines (one object per line on stdout, for collectors), or
 * pretty on a terminal with --debug; the level from LOG_LEVEL (default Info),
 * Debug with --debug.
 */
import { Config, ConfigError, Effect, Either, FiberRef, Inspectable, Layer, Logger, LogLevel } from "effect"

/**
 * The names people write (`info`, `warning`, `WARN`...), any case. Effect's
 * own `Config.logLevel` takes only its labels (`WARN`, `INFO`), so the
 * documented `LOG_LEVEL=info` stopped the start.
 */
const levelNames: Readonly<Record<string, LogLevel.LogLevel>> = {
  all: LogLevel.All,
  trace: LogLevel.Trace,
  debug: LogLevel.Debug,
  info: LogLevel.Info,
  warn: LogLevel.Warning,
  warning: LogLevel.Warning,
  error: LogLevel.Error,
  fatal: LogLevel.Fatal,
  none: LogLevel.None,
  off: LogLevel.None
}

export const logLevelConfig: Config.Config<LogLevel.LogLevel> = Config.string("LOG_LEVEL").pipe(
  Config.mapOrFail((text) => {
    const level = levelNames[text.trim().toLowerCase()]
    return level === undefined
      ? Either.left(ConfigError.InvalidData([], `must be one of: ${Object.keys(levelNames).join(", ")}`))
      : Either.right(level)
  }),
  Config.withDefault(LogLevel.Info)
)

/** An Error as message keeps its name and message (JSON would write `{}`), as in Logger.json. */
const errorFields = (u: unknown): unknown =>
  u instanceof Error && !("toJSON" in u) ? { ...u, name: u.name, message: u.message } : u

/**
 * Logger.json's lines (the same fields, in the same order), written straight
 * to stdout: Logger.json goes through console.log and a replacer that walks
 * every value for cycles, about half of what a log line costs (two lines per
 * call at info; docs/PERFORMANCE.md). Our annotations are strings and
 * numbers; a value JSON cannot write (a cycle) falls back to Effect's walk.
 */
export const jsonLines: Logger.Logger<unknown, void> = Logger.map(Logger.structuredLogger, (entry) => {
  const logged = { ...entry, message: Array.isArray(entry.message) ? entry.message.map(errorFields) : errorFields(entry.message) }
  let line: string
  try {
    line = JSON.stringify(logged)
  } catch {
    line = Inspectable.stringifyCircular(logged)
  }
  process.stdout.write(`${line}\n`)
})

export const LoggingLive = (options: { readonly debug: boolean }): Layer.Layer<never, ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.gen(function*() {
    const level = yield* logLevelConfig
    const pretty = options.debug && process.stdout.isTTY === true
    return Layer.merge(
      pretty ? Logger.pretty : Logger.replace(Logger.defaultLogger, jsonLines),
      Logger.minimumLogLevel(options.debug ? LogLevel.Debug : level)
    )
  }))

/**
 * Whether a line at `level` would be written, read once per call: a dropped
 * line still costs its annotations and their inputs (the user's keyed
 * pseudonym is an HMAC), so callers skip building them.
 */
export const logLevelEnabled = (level: LogLevel.LogLevel): Effect.Effect<boolean> =>
  Effect.map(FiberRef.get(FiberRef.currentMinimumLogLevel), (minimum) => LogLevel.greaterThanEqual(level, minimum))
