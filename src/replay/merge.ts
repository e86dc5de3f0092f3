/**
 * `replay:merge`: the outputs of the N shards of one replay joined into the
 * output a single run over the whole file would have written: every result
 * once, in input order, and a summary computed again from all the merged
 * latencies (percentiles of percentiles would be wrong).
 *
 * It refuses what would make a wrong whole: shards of different inputs or
 * splits, a shard missing or given twice, a shard that has not finished.
 */
import { Effect } from "effect"
import { writeFile } from "node:fs/promises"
import type { Writable } from "node:stream"
import { InputFileError } from "./input.js"
import { formatSummary, outputLine, type ReplayResult, summarize } from "./report.js"
import { readResults } from "./resultsFile.js"
import { readSummaryFile, type SummaryFile, writeSummaryFile } from "./summaryFile.js"

export interface MergeOptions {
  /** The shards' output files (each with its `.summary.json`). */
  readonly outputs: ReadonlyArray<string>
  /** Where the merged lines go (and its summary beside it); undefined: `io.stdout`. */
  readonly output: string | undefined
}

export interface MergeIo {
  readonly stdout: Writable
  readonly stderr: Writable
}

const refuse = (message: string) => Effect.fail(new InputFileError({ message }))

interface ShardOutput {
  readonly path: string
  readonly summary: SummaryFile
  readonly results: ReadonlyArray<ReplayResult>
}

const readShard = (path: string) =>
  Effect.all({
    summary: readSummaryFile(path),
    results: readResults(path, () => refuse(`${path} does not exist.`)).pipe(Effect.map((f) => f.results))
  }).pipe(Effect.map((shard): ShardOutput => ({ path, ...shard })))

/** Checks that the shards make exactly one whole input; one sentence when not. */
const checkComplete = (shards: ReadonlyArray<ShardOutput>): Effect.Effect<void, InputFileError> => {
  const [first] = shards
  if (first === undefined) return refuse("no output files to merge.")
  const count = first.summary.shard.count
  for (const shard of shards) {
    if (shard.summary.input !== first.summary.input) {
      return refuse(`${shard.path} and ${first.path} are replays of different input files.`)
    }
    if (shard.summary.shard.count !== count) {
      return refuse(`${shard.path} is a shard of ${shard.summary.shard.count} and ${first.path} of ${count}.`)
    }
    const lines = new Set(shard.results.map((r) => r.line)).size
    if (lines !== shard.summary.lines || shard.results.length !== lines) {
      return refuse(
        `${shard.path} holds ${lines} of its shard's ${shard.summary.lines} lines: finish it (--resume) before merging.`
      )
    }
  }
  const byIndex = new Map<number, string>()
  for (const shard of shards) {
    const other = byIndex.get(shard.summary.shard.index)
    if (other !== undefined) return refuse(`${other} and ${shard.path} are the same shard (${shard.summary.shard.index}/${count}).`)
    byIndex.set(shard.summary.shard.index, shard.path)
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i))
  if (missing.length > 0) return refuse(`shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${count} missing.`)
  return Effect.void
}

export const mergeCommand = (options: MergeOptions, io: MergeIo) =>
  Effect.gen(function*() {
    const shards = yield* Effect.forEach(options.outputs, readShard)
    yield* checkComplete(shards)
    const merged = shards.flatMap((s) => s.results).sort((a, b) => a.line - b.line)
    const text = merged.map((r) => `${outputLine(r)}\n`).join("")
    if (options.output === undefined) {
      io.stdout.write(text)
    } else {
      const path = options.output
      yield* Effect.tryPromise({
        try: () => writeFile(path, text, "utf8"),
        catch: () => new InputFileError({ message: `output file ${path} could not be written.` })
      })
    }
    const summary = summarize(merged)
    io.stderr.write(`${formatSummary(summary)}\n`)
    if (options.output !== undefined) {
      const input = shards[0]?.summary.input ?? ""
      yield* writeSummaryFile(options.output, { input, shard: { index: 0, count: 1 }, lines: merged.length, summary })
    }
    return summary
  })
