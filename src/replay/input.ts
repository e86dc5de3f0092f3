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
import { createHash } from "node:crypto"
import { readFile } from "node:fs/promises"
import type { RawRecommendRequest } from "../domain/request.js"

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

/**
 * Every non-blank line of a file's text that `keep` selects. A last line that
 * has no newline and is not valid JSON means the file was cut off (a copy or a
 * write that did not finish): the whole file is refused rather than replayed
 * in part, whichever shard would have had that line.
 */
export const parseInput = (
  text: string,
  name: string,
  keep: LineFilter = everyLine
): Effect.Effect<ReadonlyArray<ReplayLine>, InputFileError> =>
  Effect.suspend(() => {
    const rows = text.split("\n")
    const endsWithNewline = text.endsWith("\n")
    const lines: Array<ReplayLine> = []
    for (const [index, row] of rows.entries()) {
      const content = row.endsWith("\r") ? row.slice(0, -1) : row
      if (content.trim() === "") continue
      const isLast = index === rows.length - 1
      const kept = keep(content)
      if (!kept && !(isLast && !endsWithNewline)) continue
      const parsed = parseLine(content, index + 1)
      if (isLast && !endsWithNewline && parsed._tag === "Invalid" && parsed.reason.endsWith("is not valid JSON.")) {
        return Effect.fail(new InputFileError({
          message: `${name} looks truncated: its last line (${index + 1}) is cut off in the middle of a JSON object.`
        }))
      }
      if (kept) lines.push(parsed)
    }
    return Effect.succeed(lines)
  })

const utf8 = new TextDecoder("utf-8", { fatal: true })

export interface InputFile {
  readonly lines: ReadonlyArray<ReplayLine>
  /** SHA-256 of the whole file (hex): shards of one run must have read the same file. */
  readonly sha256: string
}

/** Reads and parses the input file (`-` is stdin), keeping the lines `keep` selects. */
export const readInput = (path: string, keep: LineFilter = everyLine): Effect.Effect<InputFile, InputFileError> =>
  Effect.tryPromise({
    try: () => (path === "-" ? readStdin() : readFile(path)),
    catch: (error) => {
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
  }).pipe(
    Effect.flatMap((bytes) =>
      Effect.try({
        try: () => ({ text: utf8.decode(bytes), sha256: createHash("sha256").update(bytes).digest("hex") }),
        catch: () => new InputFileError({ message: `input file ${path} is not UTF-8 text.` })
      })
    ),
    Effect.flatMap(({ sha256, text }) =>
      Effect.map(parseInput(text, path === "-" ? "standard input" : path, keep), (lines) => ({ lines, sha256 }))
    )
  )

const readStdin = async (): Promise<Buffer> => {
  const parts: Array<Buffer> = []
  for await (const part of process.stdin) parts.push(part as Buffer)
  return Buffer.concat(parts)
}
