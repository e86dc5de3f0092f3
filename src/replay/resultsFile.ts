/**
 * Reading a replay's output back, as a stream: `--resume` skips the lines it
 * already holds, `replay:merge` joins the shards' outputs. A line is
 * identified by its input line number (`line`), which ids, possibly
 * repeated, cannot do.
 */
import { Effect } from "effect"
import { InputFileError, type LineId } from "./input.js"
import { fileChunks, scanLines } from "./lines.js"
import type { ReplayResult } from "./report.js"

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

/** Not a result line: the file is not a replay output (or was written by something else). */
export class NotAResult extends Error {}

/**
 * Streams an output file's results to `onResult`, leaving out a torn last
 * line (no newline: its writer died in it). Resolves with the bytes up to the
 * last whole line, or undefined when the file does not exist.
 */
export const scanResults = (
  path: string,
  onResult: (result: ReplayResult) => void
): Effect.Effect<{ readonly completeBytes: number } | undefined, InputFileError> =>
  Effect.tryPromise({
    try: () =>
      scanLines(fileChunks(path), (text, index, complete) => {
        if (!complete || text.trim() === "") return
        const result = parseResultLine(text)
        if (result === undefined) throw new NotAResult(`${path} line ${index + 1} is not a replay result line.`)
        onResult(result)
      }),
    catch: (error) => error
  }).pipe(
    Effect.catchAll((error) =>
      (error as { code?: unknown }).code === "ENOENT"
        ? Effect.succeed(undefined)
        : Effect.fail(
          new InputFileError({
            message: error instanceof NotAResult ? error.message : `output file ${path} could not be read.`
          })
        )
    )
  )
