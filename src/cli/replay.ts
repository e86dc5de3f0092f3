/**
 * `npm run replay -- INPUT.jsonl [--output OUT.jsonl] [--concurrency N]
 *   [--target HOST:PORT] [--record DIR | --replay DIR] [--allow-errors]
 *   [--shard I/N] [--resume] [--rate N]`
 *
 * Replays recorded contexts through the pipeline (in this process, with the
 * server's own Layers and environment variables) or against a running server,
 * one JSON line out per line in. Exit 0 when every line is OK (or with
 * --allow-errors), 1 otherwise or when the run cannot start, 2 on bad usage.
 * Logs go to stderr (warnings and up, or LOG_LEVEL), so stdout is only output.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Config, ConfigError, Effect, Logger, LogLevel, Option } from "effect"
import { parseArgs } from "node:util"
import { replayCommand, type ReplayOptions } from "../replay/command.js"
import { parseShard } from "../replay/shard.js"

const usage = `usage: npm run replay -- INPUT.jsonl [options]

  INPUT.jsonl              one request per line: {"id"?, "user_id", "browser_context", "content_type"?, "content_period"?}
                           ("-" reads standard input)
  --output, -o OUT.jsonl   write the result lines there (default: standard output)
  --concurrency, -c N      lines in flight at once (default 4)
  --target HOST:PORT       send the lines to a running server over gRPC instead of in-process;
                           dns:///HOST:PORT spreads them over every address HOST resolves to,
                           ipv4:IP:PORT,IP:PORT,... over the listed replicas
  --record DIR             save every provider stream as a cassette in DIR
  --replay DIR             serve the providers from DIR's cassettes, with no network
  --allow-errors           exit 0 even when some lines failed
  --shard I/N              run only shard I (0-based) of N: the lines whose content hashes to I;
                           "/N" takes I from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)
  --resume                 keep the results already in --output and run only the other lines
  --rate N                 start at most N requests per second (per shard)
  --help, -h               this text
`

class UsageError extends Error {}

const parse = (argv: ReadonlyArray<string>, env: NodeJS.ProcessEnv): ReplayOptions | "help" => {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      output: { type: "string", short: "o" },
      concurrency: { type: "string", short: "c" },
      target: { type: "string" },
      record: { type: "string" },
      replay: { type: "string" },
      "allow-errors": { type: "boolean", default: false },
      shard: { type: "string" },
      resume: { type: "boolean", default: false },
      rate: { type: "string" },
      help: { type: "boolean", short: "h", default: false }
    }
  })
  if (values.help === true) return "help"
  const [input, ...extra] = positionals
  if (input === undefined) throw new UsageError("an input file is required.")
  if (extra.length > 0) throw new UsageError(`one input file only (also given: ${extra.join(" ")}).`)
  const concurrencyText = values.concurrency ?? "4"
  const concurrency = Number(concurrencyText)
  if (!/^\d+$/.test(concurrencyText) || !Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new UsageError("--concurrency must be a positive integer.")
  }
  if (values.record !== undefined && values.replay !== undefined) {
    throw new UsageError("--record and --replay cannot be used together.")
  }
  const cassettes = values.record !== undefined
    ? { mode: "record" as const, directory: values.record }
    : values.replay !== undefined
    ? { mode: "replay" as const, directory: values.replay }
    : undefined
  if (values.target !== undefined) {
    if (cassettes !== undefined) {
      throw new UsageError("--record and --replay work in-process only: the providers of a --target run are the server's.")
    }
    // dns:/// names every address of a headless Service, ipv4: lists replicas: the calls go round robin over them.
    const hostPort = /^(?:dns:\/\/\/)?(?:[^\s:/,]+|\[[0-9a-fA-F:]+\]):\d+$/
    const ipv4List = /^ipv4:\d{1,3}(?:\.\d{1,3}){3}:\d+(?:,\d{1,3}(?:\.\d{1,3}){3}:\d+)*$/
    if (!hostPort.test(values.target) && !ipv4List.test(values.target)) {
      throw new UsageError("--target must be HOST:PORT, dns:///HOST:PORT or ipv4:IP:PORT,IP:PORT,...")
    }
  }
  const shard = values.shard === undefined ? undefined : parseShard(values.shard, env["JOB_COMPLETION_INDEX"])
  if (typeof shard === "string") throw new UsageError(shard)
  const resume = values.resume === true
  if (resume && values.output === undefined) throw new UsageError("--resume needs --output: the file to resume.")
  const rate = values.rate === undefined ? undefined : Number(values.rate)
  if (rate !== undefined && (!/^\d+(\.\d+)?$/.test(values.rate ?? "") || !(rate > 0))) {
    throw new UsageError("--rate must be a positive number of requests per second.")
  }
  return {
    input,
    output: values.output,
    concurrency,
    target: values.target,
    cassettes,
    allowErrors: values["allow-errors"] === true,
    ...(shard === undefined ? {} : { shard }),
    resume,
    ratePerSecond: rate
  }
}

const describeFailure = (cause: Cause.Cause<unknown>): string =>
  Option.match(Cause.failureOption(cause), {
    onSome: (error) =>
      ConfigError.isConfigError(error)
        ? `invalid configuration: ${String(error)}`
        : error instanceof Error ? error.message : String(error),
    onNone: () => `unexpected error\n${Cause.pretty(cause)}`
  })

/** Logs on stderr, warnings and up unless LOG_LEVEL says otherwise. */
const StderrLogging = Logger.replaceScoped(Logger.defaultLogger, Effect.succeed(Logger.withConsoleError(Logger.logfmtLogger)))

const main = Effect.gen(function*() {
  let options: ReplayOptions | "help"
  try {
    options = parse(process.argv.slice(2), process.env)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`replay: ${message}\n\n${usage}`)
    process.exitCode = 2
    return
  }
  if (options === "help") {
    process.stdout.write(usage)
    return
  }
  const level = yield* Config.logLevel("LOG_LEVEL").pipe(Config.withDefault(LogLevel.Warning))
  const code = yield* replayCommand(options, {
    stdout: process.stdout,
    stderr: process.stderr,
    progress: process.stderr.isTTY === true
  }).pipe(Logger.withMinimumLogLevel(level))
  process.exitCode = code
}).pipe(
  Effect.catchAllCause((cause) =>
    Effect.sync(() => {
      if (Cause.isInterruptedOnly(cause)) return
      process.stderr.write(`replay: ${describeFailure(cause)}\n`)
      process.exitCode = 1
    })
  ),
  Effect.provide(StderrLogging)
)

NodeRuntime.runMain(main, { disableErrorReporting: true, disablePrettyLogger: true })
