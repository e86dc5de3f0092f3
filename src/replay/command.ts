/**
 * The replay command itself, apart from argv and process: reads the input,
 * runs it in-process (through `pipelineLayer`, the server's own composition)
 * or against `--target`, writes one JSON line per input line and a summary,
 * and answers the exit code.
 */
import { SingleBar } from "cli-progress"
import { type ConfigError, Effect, type Layer, Stream } from "effect"
import { createWriteStream } from "node:fs"
import type { Writable } from "node:stream"
import { pipelineLayer } from "../app.js"
import type { CatalogError } from "../domain/catalog/errors.js"
import type { InvalidCacheConfig } from "../layers/CacheRedis.js"
import { LlmLive } from "../layers/LlmChain.js"
import type { PipelineServices } from "../pipeline/recommend.js"
import { type CassetteDirectoryError, cassetteLayer, recordingLayer } from "./cassettes.js"
import { readInput } from "./input.js"
import { formatSummary, outputLine, type ReplayResult, summarize } from "./report.js"
import { replayLines } from "./run.js"
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

const openOutput = (path: string | undefined, io: ReplayIo) =>
  path === undefined
    ? Effect.succeed(io.stdout)
    : Effect.acquireRelease(
      Effect.async<Writable, Error>((resume) => {
        const file = createWriteStream(path, { encoding: "utf8" })
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

export const replayCommand = (options: ReplayOptions, io: ReplayIo) =>
  Effect.scoped(Effect.gen(function*() {
    const lines = yield* readInput(options.input)
    const out = yield* openOutput(options.output, io)
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
    const results: Array<ReplayResult> = []
    const consume = Stream.runForEach((result: ReplayResult) => {
      results.push(result)
      return writeLine(out, outputLine(result))
    })
    const runOptions = { concurrency: options.concurrency, onDone }
    if (options.target !== undefined) {
      const client = yield* connect(options.target)
      yield* consume(replayLines(lines, overGrpc(client), runOptions))
    } else {
      yield* consume(replayLines(lines, inProcess, runOptions)).pipe(Effect.provide(providersFor(options)))
    }
    bar?.stop()
    io.stderr.write(`${formatSummary(summarize(results))}\n`)
    const allOk = results.every((r) => r.status === "OK")
    return allOk || options.allowErrors ? 0 : 1
  }))
