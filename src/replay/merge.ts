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
import { createWriteStream } from "node:fs"
import { once } from "node:events"
import { resolve } from "node:path"
import type { Writable } from "node:stream"
import { InputFileError } from "./input.js"
import { completeLines } from "./lines.js"
import { formatSummary, summarize, type Timing, timingOf } from "./report.js"
import { parseResultLine, scanResults } from "./resultsFile.js"
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
  /** Distinct lines in the output, and whether they came in input order. */
  readonly lines: number
  readonly ordered: boolean
}

/**
 * First pass over one shard's output: its summary file, its lines counted
 * and checked for order, their timings kept, every line number recorded in
 * `seen` (a line in two shards is refused before anything is written).
 */
const readShard = (path: string, seen: Set<number>, timings: Array<Timing>) =>
  Effect.gen(function*() {
    const summary = yield* readSummaryFile(path)
    let lines = 0
    let last = 0
    let ordered = true
    let repeated: number | undefined
    const scan = yield* scanResults(path, (result) => {
      if (result.line <= last) ordered = false
      last = result.line
      if (seen.has(result.line)) repeated ??= result.line
      seen.add(result.line)
      timings.push(timingOf(result))
      lines++
    })
    if (scan === undefined) return yield* refuse(`${path} does not exist.`)
    if (repeated !== undefined) return yield* refuse(`input line ${repeated} is in ${path} and in another output (or twice in it).`)
    return { path, summary, lines, ordered } satisfies ShardOutput
  })

/** Checks that the shards make exactly one whole input; one sentence when not. */
const checkComplete = (shards: ReadonlyArray<ShardOutput>): Effect.Effect<void, InputFileError> => {
  const [first] = shards
  if (first === undefined) return refuse("no output files to merge.")
  const count = first.summary.shard.count
  const byIndex = new Map<number, string>()
  for (const shard of shards) {
    if (shard.summary.input !== first.summary.input) {
      return refuse(`${shard.path} and ${first.path} are replays of different input files.`)
    }
    if (shard.summary.shard.count !== count) {
      return refuse(`${shard.path} is a shard of ${shard.summary.shard.count} and ${first.path} of ${count}.`)
    }
    const other = byIndex.get(shard.summary.shard.index)
    if (other !== undefined) return refuse(`${other} and ${shard.path} are the same shard (${shard.summary.shard.index}/${count}).`)
    byIndex.set(shard.summary.shard.index, shard.path)
    if (shard.lines !== shard.summary.lines) {
      return refuse(
        `${shard.path} holds ${shard.lines} of its shard's ${shard.summary.lines} lines: finish it (--resume) before merging.`
      )
    }
    if (!shard.ordered) return refuse(`${shard.path} is not in input order: it was not written by npm run replay.`)
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i))
  if (missing.length > 0) return refuse(`shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${count} missing.`)
  return Effect.void
}

/** Writes with backpressure. */
const write = async (out: Writable, text: string) => {
  if (!out.write(text)) await once(out, "drain")
}

/**
 * Second pass: the shards' lines, each file already in input order, merged
 * by line number as they are read (memory holds one line per shard).
 */
const mergeLines = async (paths: ReadonlyArray<string>, out: Writable) => {
  const readers = paths.map((path) => completeLines(path))
  const heads = await Promise.all(readers.map(nextResult))
  for (;;) {
    let best = -1
    for (const [i, head] of heads.entries()) {
      if (head !== undefined && (best === -1 || head.line < (heads[best]?.line ?? Infinity))) best = i
    }
    const head = heads[best]
    const reader = readers[best]
    if (head === undefined || reader === undefined) return
    await write(out, `${head.text}\n`)
    heads[best] = await nextResult(reader)
  }
}

const nextResult = async (reader: AsyncGenerator<{ readonly text: string }>) => {
  for (;;) {
    const next = await reader.next()
    if (next.done === true) return undefined
    if (next.value.text.trim() === "") continue
    const result = parseResultLine(next.value.text)
    if (result !== undefined) return { line: result.line, text: next.value.text }
  }
}

const openFile = (path: string) =>
  Effect.acquireRelease(
    Effect.async<Writable, InputFileError>((resume) => {
      const file = createWriteStream(path, { encoding: "utf8" })
      file.once("open", () => resume(Effect.succeed(file)))
      file.once("error", () => resume(Effect.fail(new InputFileError({ message: `output file ${path} could not be written.` }))))
    }),
    (file) => Effect.async<void>((resume) => void file.end(() => resume(Effect.void)))
  )

export const mergeCommand = (options: MergeOptions, io: MergeIo) =>
  Effect.gen(function*() {
    const target = options.output
    if (target !== undefined && options.outputs.some((path) => resolve(path) === resolve(target))) {
      return yield* refuse(`--output ${target} is one of the files to merge: it would be overwritten while read.`)
    }
    const seen = new Set<number>()
    const timings: Array<Timing> = []
    const shards: Array<ShardOutput> = []
    for (const path of options.outputs) shards.push(yield* readShard(path, seen, timings))
    yield* checkComplete(shards)
    // The merged file is closed (flushed) before its summary says it is complete.
    yield* Effect.scoped(Effect.gen(function*() {
      const out = options.output === undefined ? io.stdout : yield* openFile(options.output)
      yield* Effect.tryPromise({
        try: () => mergeLines(options.outputs, out),
        catch: () => new InputFileError({ message: "an output file changed while it was being merged." })
      })
    }))
    const summary = summarize(timings)
    io.stderr.write(`${formatSummary(summary)}\n`)
    if (options.output !== undefined) {
      const input = shards[0]?.summary.input ?? ""
      yield* writeSummaryFile(options.output, { input, shard: { index: 0, count: 1 }, lines: seen.size, summary })
    }
    return summary
  })
