/** Runs the replay command in this process with a given environment, capturing its output. */
import { ConfigProvider, Effect, Logger, LogLevel } from "effect"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { PassThrough } from "node:stream"
import { replayCommand, type ReplayOptions } from "../../src/replay/command.js"
import { mergeCommand, type MergeOptions } from "../../src/replay/merge.js"

export interface ReplayRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  /** The output lines, parsed. */
  readonly results: ReadonlyArray<Record<string, unknown>>
}

const capture = () => {
  const stream = new PassThrough()
  let text = ""
  stream.on("data", (data: Buffer) => {
    text += data.toString("utf8")
  })
  return { stream, text: () => text }
}

export const defaultOptions = (input: string): ReplayOptions => ({
  input,
  output: undefined,
  concurrency: 4,
  target: undefined,
  cassettes: undefined,
  allowErrors: false
})

export const withEnv = (env: Readonly<Record<string, string>>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

export const runReplay = (options: ReplayOptions, env: Readonly<Record<string, string>> = {}) =>
  Effect.gen(function*() {
    const stdout = capture()
    const stderr = capture()
    const code = yield* replayCommand(options, { stdout: stdout.stream, stderr: stderr.stream, progress: false }).pipe(
      withEnv(env),
      Logger.withMinimumLogLevel(LogLevel.Error)
    )
    const text = stdout.text()
    const results = text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>)
    return { code, stdout: text, stderr: stderr.text(), results } satisfies ReplayRun
  })

/** `replay:merge` in this process: its summary and what it printed. */
export const runMerge = (options: MergeOptions) =>
  Effect.gen(function*() {
    const stdout = capture()
    const stderr = capture()
    const summary = yield* mergeCommand(options, { stdout: stdout.stream, stderr: stderr.stream })
    return { summary, stdout: stdout.text(), stderr: stderr.text() }
  })

/** A temporary directory removed with the scope. */
export const tempDirectory = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "replay-test-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

export const writeInput = (dir: string, name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text, "utf8")
  return path
}

/** Output without the timing fields, which measure a run rather than describe its answer. */
export const withoutTimings = (stdout: string): string =>
  stdout.replace(/"ttfc_ms":(null|[\d.]+),"total_ms":[\d.]+,/g, "")

export const examplesPath = new URL("../../examples/contexts.jsonl", import.meta.url).pathname
