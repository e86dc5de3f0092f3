/**
 * The replay command itself, apart from argv and process: reads the input
 * (its shard of it), runs it in-process (through `pipelineLayer`, the
 * server's own composition) or against `--target`, writes one JSON line per
 * input line and a summary (on stderr, and beside an output file for
 * `replay:merge`), and answers the exit code. `--resume` keeps what an
 * output file already holds and runs only the rest.
 */
import { SingleBar } from "cli-progress"
import { type ConfigError, Effect, type Layer, Stream } from "effect"
import { createWriteStream } from "node:fs"
import { truncate } from "node:fs/promises"
import type { Writable } from "node:stream"
import { pipelineLayer } from "../app.js"
import type { CatalogError } from "../domain/catalog/errors.js"
import type { InvalidCacheConfig } from "../layers/CacheRedis.js"
import { LlmLive } from "../layers/LlmChain.js"
import type { PipelineServices } from "../pipeline/recommend.js"
import { type CassetteDirectoryError, cassetteLayer, recordingLayer } from "./cassettes.js"
import { InputFileError, readInput, type ReplayLine } from "./input.js"
import { formatSummary, outputLine, type ReplayResult, summarize, type Timing, timingOf } from "./report.js"
import { scanResults } from "./resultsFile.js"
import { replayLines } from "./run.js"
import { inShard, type Shard } from "./shard.js"
import { readSummaryFile, writeSummaryFile } from "./summaryFile.js"
import { connect, inProcess, overGrpc } from "./targets.js"

export interface ReplayOptions {
  readonly input: string
  /** undefined: the output lines go to `io.stdout`. */
  readonly output: string | undefined
  readonly concurrency: number
  /** HOST:PORT of a running server; undefined: in-process. */
  readonly target: string | undefined
  readonly cassettes: { readonly mode: "record" | "replay"; readonly directory: string } | undefined
  readonly allowErrors: boolean
  /** The part of the input this run takes (the whole file by default). */
  readonly shard?: Shard
  /** Keep the results already in `output` and run only the other lines (needs `output`). */
  readonly resume?: boolean
  /** Requests per second at most. */
  readonly ratePerSecond?: number | undefined
}

/** Why the in-process pipeline could not start: a variable, the catalog, the cache, the cassettes. */
export type ReplayStartError = ConfigError.ConfigError | CatalogError | InvalidCacheConfig | CassetteDirectoryError

export interface ReplayIo {
  readonly stdout: Writable
  readonly stderr: Writable
  /** Draw a progress bar on stderr (only when it is a terminal). */
  readonly progress: boolean
}

/** Writes with backpressure: waits for 'drain' when the stream's buffer is full. */
const writeLine = (out: Writable, line: string) =>
  Effect.async<void>((resume) => {
    if (out.write(`${line}\n`)) resume(Effect.void)
    else out.once("drain", () => resume(Effect.void))
  })

const openOutput = (path: string | undefined, io: ReplayIo, append: boolean) =>
  path === undefined
    ? Effect.succeed(io.stdout)
    : Effect.acquireRelease(
      Effect.async<Writable, Error>((resume) => {
        const file = createWriteStream(path, { encoding: "utf8", flags: append ? "a" : "w" })
        file.once("open", () => resume(Effect.succeed(file)))
        file.once("error", () => resume(Effect.fail(new Error(`output file ${path} could not be opened for writing.`))))
      }),
      (file) =>
        Effect.async<void>((resume) => {
          file.end(() => resume(Effect.void))
        })
    )

/** The in-process providers: the configured chain, maybe recorded, or the cassettes alone (no network). */
const providersFor = (options: ReplayOptions): Layer.Layer<PipelineServices, ReplayStartError> => {
  if (options.cassettes === undefined) return pipelineLayer(LlmLive)
  // A cached answer would skip the providers, so neither recording nor a replay uses the response cache.
  return options.cassettes.mode === "record"
    ? pipelineLayer(recordingLayer(options.cassettes.directory, LlmLive), { responseCache: false })
    : pipelineLayer(cassetteLayer(options.cassettes.directory), { responseCache: false })
}

/**
 * The results an earlier, interrupted run left in `output`, its torn last
 * line (if it was killed mid-write) cut off so that appending goes on from a
 * whole line. Results for lines outside this shard mean the file belongs to
 * another input or shard: refused rather than mixed.
 */
const previousResults = (output: string, lines: ReadonlyArray<ReplayLine>, input: string, shard: Shard) =>
  Effect.gen(function*() {
    // A finished earlier run left its summary: it says which input and shard the output belongs to.
    const earlier = yield* Effect.option(readSummaryFile(output))
    if (earlier._tag === "Some" && earlier.value.input !== input) {
      return yield* Effect.fail(new InputFileError({ message: `${output} was written for another input file.` }))
    }
    if (earlier._tag === "Some" && (earlier.value.shard.index !== shard.index || earlier.value.shard.count !== shard.count)) {
      return yield* Effect.fail(new InputFileError({
        message: `${output} was written for shard ${earlier.value.shard.index}/${earlier.value.shard.count}, not ${shard.index}/${shard.count}.`
      }))
    }
    const mine = new Set(lines.map((l) => l.line))
    const done = new Set<number>()
    const timings: Array<Timing> = []
    let stranger: number | undefined
    const scan = yield* scanResults(output, (result) => {
      if (!mine.has(result.line)) stranger ??= result.line
      else if (!done.has(result.line)) {
        done.add(result.line)
        timings.push(timingOf(result))
      }
    })
    if (stranger !== undefined) {
      return yield* Effect.fail(new InputFileError({
        message: `${output} holds a result for input line ${stranger}, which is not in this run's input or shard.`
      }))
    }
    // No file yet is a first run: nothing to cut.
    if (scan !== undefined) {
      yield* Effect.tryPromise({
        try: () => truncate(output, scan.completeBytes),
        catch: () => new InputFileError({ message: `output file ${output} could not be truncated to its last whole line.` })
      })
    }
    return { done, timings }
  })

export const replayCommand = (options: ReplayOptions, io: ReplayIo) =>
  Effect.gen(function*() {
    const shard = options.shard ?? { index: 0, count: 1 }
    const input = yield* readInput(options.input, inShard(shard))
    const resumeFrom = options.resume === true ? options.output : undefined
    const previous = resumeFrom === undefined
      ? { done: new Set<number>(), timings: [] }
      : yield* previousResults(resumeFrom, input.lines, input.sha256, shard)
    const lines = input.lines.filter((l) => !previous.done.has(l.line))
    const bar = io.progress && lines.length > 0
      ? new SingleBar({
        stream: io.stderr,
        format: "replay [{bar}] {value}/{total} lines | {errors} failed | {duration_formatted}",
        hideCursor: true,
        clearOnComplete: true
      })
      : undefined
    let failed = 0
    bar?.start(lines.length, 0, { errors: 0 })
    const onDone = (result: ReplayResult) => {
      if (result.status !== "OK") failed++
      bar?.increment(1, { errors: failed })
    }
    // The answers go to the output as they come; only their timings stay for the summary.
    const results: Array<Timing> = [...previous.timings]
    // The output is closed (flushed) before the summary beside it says the run is over.
    yield* Effect.scoped(Effect.gen(function*() {
      const out = yield* openOutput(options.output, io, resumeFrom !== undefined)
      const consume = Stream.runForEach((result: ReplayResult) => {
        results.push(timingOf(result))
        return writeLine(out, outputLine(result))
      })
      const runOptions = { concurrency: options.concurrency, ratePerSecond: options.ratePerSecond, onDone }
      if (options.target !== undefined) {
        const client = yield* connect(options.target)
        yield* consume(replayLines(lines, overGrpc(client), runOptions))
      } else {
        yield* consume(replayLines(lines, inProcess, runOptions)).pipe(Effect.provide(providersFor(options)))
      }
    }))
    bar?.stop()
    const summary = summarize(results)
    io.stderr.write(`${formatSummary(summary)}\n`)
    if (options.output !== undefined) {
      yield* writeSummaryFile(options.output, { input: input.sha256, shard, lines: input.lines.length, summary })
    }
    const allOk = results.every((r) => r.status === "OK")
    return allOk || options.allowErrors ? 0 : 1
  })
