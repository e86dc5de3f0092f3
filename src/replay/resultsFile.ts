/**
 * Reading a replay's output back: `--resume` skips the lines it already
 * holds, `replay:merge` joins the shards' outputs. A line is identified by
 * its input line number (`line`), which ids, possibly repeated, cannot do.
 */
import { Effect } from "effect"
import { readFile } from "node:fs/promises"
import { InputFileError, type LineId } from "./input.js"
import type { ReplayResult } from "./report.js"

export interface ResultsFile {
  readonly results: ReadonlyArray<ReplayResult>
  /** Bytes of the file up to its last complete line: a run killed mid-write leaves a torn tail after it. */
  readonly completeBytes: number
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value)

const isMs = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value >= 0

/** One output line back into a result, or undefined when it is not one. */
export const parseResultLine = (text: string): ReplayResult | undefined => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isObject(json)) return undefined
  const { chunks, error, id, line, provider, status, text: answer, total_ms, ttfc_ms } = json
  if (typeof id !== "string" && typeof id !== "number") return undefined
  if (typeof line !== "number" || !Number.isSafeInteger(line) || line < 1) return undefined
  if (typeof status !== "string" || typeof answer !== "string") return undefined
  if (typeof chunks !== "number" || !Number.isSafeInteger(chunks) || chunks < 0) return undefined
  if (ttfc_ms !== null && !isMs(ttfc_ms)) return undefined
  if (!isMs(total_ms)) return undefined
  if (provider !== null && typeof provider !== "string") return undefined
  if (error !== undefined && typeof error !== "string") return undefined
  const lineId: LineId = id
  return {
    id: lineId,
    line,
    status,
    text: answer,
    chunks,
    ttfcMs: ttfc_ms,
    totalMs: total_ms,
    provider,
    ...(error === undefined ? {} : { error })
  }
}

/** The results in an output file's text; a line that is not a result fails the whole file. */
export const parseResults = (text: string, name: string): Effect.Effect<ResultsFile, InputFileError> =>
  Effect.suspend(() => {
    const end = text.lastIndexOf("\n") + 1
    const results: Array<ReplayResult> = []
    for (const [index, row] of text.slice(0, end).split("\n").entries()) {
      if (row.trim() === "") continue
      const result = parseResultLine(row)
      if (result === undefined) {
        return Effect.fail(new InputFileError({ message: `${name} line ${index + 1} is not a replay result line.` }))
      }
      results.push(result)
    }
    return Effect.succeed({ results, completeBytes: Buffer.byteLength(text.slice(0, end), "utf8") })
  })

/** Reads an output file; `missing` answers when it does not exist (a first run has none to resume). */
export const readResults = (
  path: string,
  missing: () => Effect.Effect<ResultsFile, InputFileError>
): Effect.Effect<ResultsFile, InputFileError> =>
  Effect.tryPromise({
    try: () => readFile(path, "utf8"),
    catch: (error) => error
  }).pipe(
    Effect.matchEffect({
      onFailure: (error) =>
        (error as { code?: unknown }).code === "ENOENT"
          ? missing()
          : Effect.fail(new InputFileError({ message: `output file ${path} could not be read.` })),
      onSuccess: (text) => parseResults(text, path)
    })
  )
