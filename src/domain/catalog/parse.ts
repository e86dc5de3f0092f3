/**
 * Catalog JSON Lines text to items, or one error naming the line and the
 * field, so an operator can fix their file from the start-up message alone.
 */
import { Either, ParseResult, Schema } from "effect"
import { CatalogError } from "./errors.js"
import { CatalogItem } from "./item.js"
import { normalizeUrl } from "./url.js"

const decodeItem = Schema.decodeUnknownEither(CatalogItem, { errors: "first", onExcessProperty: "ignore" })

const fieldName = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`),
    ""
  )

const expectedPhrase = (message: string): string => {
  const expected = message.slice("Expected ".length).split(", actual")[0]?.trim() ?? ""
  if (expected === "string") return "must be a string"
  if (expected.startsWith("ReadonlyArray")) return "must be an array"
  if (expected.includes(" | ")) return `must be one of ${expected.replaceAll(" | ", ", ")}`
  return `must be ${expected}`
}

const lineError = (line: number, field: string | undefined, what: string): CatalogError =>
  new CatalogError({
    line,
    ...(field === undefined ? {} : { field }),
    reason: `catalog line ${line}: ${field === undefined ? what : `${field} ${what}`}`
  })

const describe = (line: number, error: ParseResult.ParseError): CatalogError => {
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  if (issue === undefined) return lineError(line, undefined, "is not a valid catalog item")
  const field = fieldName(issue.path)
  if (field === "") return lineError(line, undefined, "must be a JSON object")
  if (issue._tag === "Missing") return lineError(line, field, "is required")
  return lineError(line, field, issue.message.startsWith("Expected ") ? expectedPhrase(issue.message) : issue.message)
}

/** Every non-blank line decoded; ids and (normalized) URLs must be unique. */
export const parseCatalog = (text: string): Either.Either<ReadonlyArray<CatalogItem>, CatalogError> => {
  const items: Array<CatalogItem> = []
  const lineOfId = new Map<string, number>()
  const lineOfUrl = new Map<string, number>()
  // Editors on Windows like to start UTF-8 files with a byte order mark.
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/)
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] ?? ""
    const line = index + 1
    if (raw.trim() === "") continue
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch {
      return Either.left(lineError(line, undefined, "is not valid JSON"))
    }
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      return Either.left(lineError(line, undefined, "must be a JSON object"))
    }
    const decoded = decodeItem(json)
    if (Either.isLeft(decoded)) return Either.left(describe(line, decoded.left))
    const item = decoded.right
    const idLine = lineOfId.get(item.id)
    if (idLine !== undefined) {
      return Either.left(lineError(line, "id", `"${item.id}" is already used on line ${idLine}`))
    }
    const url = normalizeUrl(item.url)
    const urlLine = lineOfUrl.get(url)
    if (urlLine !== undefined) {
      return Either.left(lineError(line, "url", `${item.url} is already listed on line ${urlLine}`))
    }
    lineOfId.set(item.id, line)
    lineOfUrl.set(url, line)
    items.push(item)
  }
  return Either.right(items)
}
