/**
 * `npm run replay:merge -- OUT... [--output MERGED.jsonl]`
 *
 * Joins the outputs of a sharded replay (`npm run replay -- --shard I/N`)
 * into one, in input order, with the summary computed from all the merged
 * latencies. Exit 0 when merged, 1 when the shards do not make one whole
 * input (one sentence says why), 2 on bad usage.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Effect, Option } from "effect"
import { parseArgs } from "node:util"
import { mergeCommand, type MergeOptions } from "../replay/merge.js"

const usage = `usage: npm run replay:merge -- OUT.jsonl... [--output MERGED.jsonl]

  OUT.jsonl...             the shards' output files, each with the OUT.jsonl.summary.json its run wrote
  --output, -o FILE        write the merged lines there, and FILE.summary.json (default: standard output)
  --help, -h               this text
`

const parse = (argv: ReadonlyArray<string>): MergeOptions | "help" | string => {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { output: { type: "string", short: "o" }, help: { type: "boolean", short: "h", default: false } }
    })
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  if (parsed.values.help === true) return "help"
  if (parsed.positionals.length === 0) return "at least one output file to merge is required."
  return { outputs: parsed.positionals, output: parsed.values.output }
}

const main = Effect.suspend(() => {
  const options = parse(process.argv.slice(2))
  if (options === "help") return Effect.sync(() => process.stdout.write(usage))
  if (typeof options === "string") {
    return Effect.sync(() => {
      process.stderr.write(`replay:merge: ${options}\n\n${usage}`)
      process.exitCode = 2
    })
  }
  return mergeCommand(options, { stdout: process.stdout, stderr: process.stderr })
}).pipe(
  Effect.catchAllCause((cause) =>
    Effect.sync(() => {
      if (Cause.isInterruptedOnly(cause)) return
      const message = Option.match(Cause.failureOption(cause), {
        onSome: (error) => error.message,
        onNone: () => `unexpected error\n${Cause.pretty(cause)}`
      })
      process.stderr.write(`replay:merge: ${message}\n`)
      process.exitCode = 1
    })
  )
)

NodeRuntime.runMain(main, { disableErrorReporting: true, disablePrettyLogger: true })
