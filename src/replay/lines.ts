/**
 * Files of JSON lines read as a stream, a line at a time: replay inputs and
 * outputs may hold millions of lines, more than a string or the heap can.
 * The bytes are decoded as strict UTF-8 and hashed as they pass.
 */
import { createHash } from "node:crypto"
import { createReadStream } from "node:fs"

export interface LineScan {
  /** SHA-256 of the whole file (hex). */
  readonly sha256: string
  /** Bytes up to the end of the last line that has its newline. */
  readonly completeBytes: number
}

/**
 * Calls `onLine` for every line (without its "\n") with its 0-based index;
 * `complete` is false only for a last line that has no newline. `onLine` may
 * throw to stop the scan. Rejects with a TypeError on bytes that are not
 * UTF-8, and with the stream's error (ENOENT, EISDIR, ...) when unreadable.
 */
export const scanLines = async (
  source: AsyncIterable<Buffer | string>,
  onLine: (text: string, index: number, complete: boolean) => void
): Promise<LineScan> => {
  const hash = createHash("sha256")
  const decoder = new TextDecoder("utf-8", { fatal: true })
  let pending = ""
  let index = 0
  let completeBytes = 0
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk
    hash.update(bytes)
    pending += decoder.decode(bytes, { stream: true })
    let start = 0
    let newline = pending.indexOf("\n")
    while (newline !== -1) {
      const line = pending.slice(start, newline)
      completeBytes += Buffer.byteLength(line, "utf8") + 1
      onLine(line, index++, true)
      start = newline + 1
      newline = pending.indexOf("\n", start)
    }
    pending = pending.slice(start)
  }
  pending += decoder.decode()
  if (pending !== "") onLine(pending, index, false)
  return { sha256: hash.digest("hex"), completeBytes }
}

export const fileChunks = (path: string): AsyncIterable<Buffer> => createReadStream(path)

/**
 * The complete lines of a file as they are read (a last line without its
 * newline is left out: a writer may still be on it, or died in it).
 */
export async function* completeLines(path: string): AsyncGenerator<{ readonly text: string; readonly index: number }> {
  const decoder = new TextDecoder("utf-8", { fatal: true })
  let pending = ""
  let index = 0
  for await (const chunk of createReadStream(path)) {
    pending += decoder.decode(chunk as Buffer, { stream: true })
    let start = 0
    let newline = pending.indexOf("\n")
    while (newline !== -1) {
      yield { text: pending.slice(start, newline), index: index++ }
      start = newline + 1
      newline = pending.indexOf("\n", start)
    }
    pending = pending.slice(start)
  }
}
