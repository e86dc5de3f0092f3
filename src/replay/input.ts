/**
 * The input of a batch replay: a JSON Lines file of recorded requests, one
 * per line: `{"id"?, "user_id", "browser_context" (object or JSON string),
 * "content_type"?, "content_period"?}`.
 *
 * A line that is not such an object is kept as an invalid line (the run
 * answers it with INVALID_ARGUMENT and goes on); a file that cannot be read,
 * is not UTF-8, or ends in the middle of a JSON line is an `InputFileError`.
 */
import { Data, Effect } from "effect"
import type { RawRecommendRequest } from "../domain/request.js"
import { fileChunks, scanLines } from "./lines.js"

export type LineId = string | number

export type ReplayLine =
  | { readonly _tag: "Request"; readonly line: number; readonly id: LineId; readonly request: RawRecommendRequest }
  | { readonly _tag: "Invalid"; readonly line: number; readonly id: LineId; readonly reason: string }

/** The input file as a whole could not be used; `message` is one sentence. */
export class InputFileError extends Data.TaggedError("InputFileError")<{ readonly message: string }> {}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value)

const optionalText = (value: unknown): string | undefined =>
  value === undefined || value === null ? "" : typeof value === "string" ? value : undefined

/** One non-blank line of the file, as a request or as the reason it is not one. */
export const parseLine = (text: string, line: number): ReplayLine => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { _tag: "Invalid", line, id: line, reason: `line ${line} is not valid JSON.` }
  }
  if (!isObject(json)) return { _tag: "Invalid", line, id: line, reason: `line ${line} must be a JSON object.` }
  const rawId = json["id"]
  const id: LineId = typeof rawId === "string" || typeof rawId === "number" ? rawId : line
  const invalid = (reason: string): ReplayLine => ({ _tag: "Invalid", line, id, reason })
  if (rawId !== undefined && rawId !== null && typeof rawId !== "string" && typeof rawId !== "number") {
    return invalid(`line ${line}: id must be a string or a number.`)
  }
  const userId = optionalText(json["user_id"])
  if (userId === undefined) return invalid(`line ${line}: user_id must be a string.`)
  const context = json["browser_context"]
  // An object is sent as its JSON text, exactly as a gRPC client would send it.
  const browserContext = isObject(context) ? JSON.stringify(context) : optionalText(context)
  if (browserContext === undefined) return invalid(`line ${line}: browser_context must be an object or a JSON string.`)
  const contentType = optionalText(json["content_type"])
  if (contentType === undefined) return invalid(`line ${line}: content_type must be a string.`)
  const contentPeriod = optionalText(json["content_period"])
  if (contentPeriod === undefined) return invalid(`line ${line}: content_period must be a string.`)
  return {
    _tag: "Request",
    line,
    id,
    request: { user_id: userId, browser_context: browserContext, content_type: contentType, content_period: contentPeriod }
  }
}

/** Every line, kept by default; a shard keeps its own (see shard.ts). */
export type LineFilter = (content: string) => boolean

const everyLine: LineFilter = () => true

/** A file that stopped in the middle of a JSON line: refused whole, not replayed in part. */
class Truncated extends Error {}

/**
 * Collects the lines `keep` selects, one line at a time. A last line that has
 * no newline and is not valid JSON means the file was cut off (a copy or a
 * write that did not finish): the whole file is refused rather than replayed
 * in part, whichever shard would have had that line.
 */
const lineCollector = (name: string, keep: LineFilter) => {
  const lines: Array<ReplayLine> = []
  const onLine = (row: string, index: number, complete: boolean): void => {
    const content = row.endsWith("\r") ? row.slice(0, -1) : row
    if (content.trim() === "") return
    const kept = keep(content)
    if (!kept && complete) return
    const parsed = parseLine(content, index + 1)
    if (!complete && parsed._tag === "Invalid" && parsed.reason.endsWith("is not valid JSON.")) {
      throw new Truncated(`${name} looks truncated: its last line (${index + 1}) is cut off in the middle of a JSON object.`)
    }
    if (kept) lines.push(parsed)
  }
  return { lines, onLine }
}

/** Every non-blank line of a file's text that `keep` selects (see `lineCollector`). */
export const parseInput = (
  text: string,
  name: string,
  keep: LineFilter = everyLine
): Effect.Effect<ReadonlyArray<ReplayLine>, InputFileError> =>
  Effect.try({
    try: () => {
      const collector = lineCollector(name, keep)
      const rows = text.split("\n")
      const endsWithNewline = text.endsWith("\n")
      for (const [index, row] of rows.entries()) {
        collector.onLine(row, index, index < rows.length - 1 || endsWithNewline)
      }
      return collector.lines
    },
    catch: (error) => new InputFileError({ message: error instanceof Error ? error.message : String(error) })
  })

export interface InputFile {
  readonly lines: ReadonlyArray<ReplayLine>
  /** SHA-256 of the whole file (hex): shards of one run must have read the same file. */
  readonly sha256: string
}

const unreadable = (path: string, error: unknown): InputFileError => {
  if (error instanceof Truncated) return new InputFileError({ message: error.message })
  if ((error as { code?: unknown }).code === "ERR_ENCODING_INVALID_ENCODED_DATA") {
    return new InputFileError({ message: `input file ${path} is not UTF-8 text.` })
  }
  const code = (error as { code?: unknown }).code
  const why = code === "ENOENT"
    ? "does not exist"
    : code === "EISDIR"
    ? "is a directory"
    : code === "EACCES"
    ? "is not readable (permission denied)"
    : `could not be read (${typeof code === "string" ? code : String(error)})`
  return new InputFileError({ message: `input file ${path} ${why}.` })
}

/**
 * Reads and parses the input file (`-` is stdin) as a stream, keeping only the
 * lines `keep` selects: a shard holds its part of the file, never the whole.
 */
export const readInput = (path: string, keep: LineFilter = everyLine): Effect.Effect<InputFile, InputFileError> =>
  Effect.tryPromise({
    try: async () => {
      const collector = lineCollector(path === "-" ? "standard input" : path, keep)
      const scan = await scanLines(path === "-" ? process.stdin : fileChunks(path), collector.onLine)
      return { lines: collector.lines, sha256: scan.sha256 }
    },
    catch: (error) => unreadable(path, error)
  })
