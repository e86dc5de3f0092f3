/**
 * The shipped catalog is written as several part files (by language or
 * theme) and assembled into one file, so that the shipped file is exactly the
 * parts in name order and a test can tell when it is stale.
 */
import { Either } from "effect"
import { CatalogError } from "./errors.js"
import { parseCatalog } from "./parse.js"

const withPath = (error: CatalogError, path: string, reason: string): CatalogError =>
  new CatalogError({
    path,
    reason,
    ...(error.line === undefined ? {} : { line: error.line }),
    ...(error.field === undefined ? {} : { field: error.field })
  })

export interface CatalogPart {
  /** File name, e.g. "global.jsonl"; parts are joined in this order. */
  readonly name: string
  readonly text: string
}

/**
 * Each part validated on its own (so errors name the part's own line), then
 * the whole (duplicates across parts); the result has one item per line.
 */
export const assembleCatalog = (parts: ReadonlyArray<CatalogPart>): Either.Either<string, CatalogError> => {
  const sorted = [...parts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const lines: Array<string> = []
  for (const part of sorted) {
    const parsed = parseCatalog(part.text)
    if (Either.isLeft(parsed)) {
      return Either.left(withPath(parsed.left, part.name, parsed.left.reason))
    }
    for (const line of part.text.split(/\r?\n/)) if (line.trim() !== "") lines.push(line.trim())
  }
  const text = lines.length === 0 ? "" : `${lines.join("\n")}\n`
  return Either.map(parseCatalog(text), () => text).pipe(
    Either.mapLeft((error) => withPath(error, "catalog/default.jsonl", `${error.reason} (after assembling the parts)`))
  )
}
