/**
 * The browser context a caller sends as JSON in `browser_context`, its Schema,
 * and the decoder that turns raw bytes into it or into one clear sentence.
 */
import { Effect, Either, ParseResult, Schema } from "effect"
import { InvalidArgument } from "./errors.js"

const NonNegativeSeconds = Schema.Number.pipe(
  Schema.filter((n) => Number.isFinite(n) && n >= 0, { message: () => "must be a non-negative number of seconds" })
)

/** ISO-8601 text or epoch milliseconds, decoded to epoch milliseconds. */
const Timestamp = Schema.transformOrFail(
  Schema.Union(Schema.Number, Schema.String).annotations({
    message: () => "must be an ISO-8601 date or epoch milliseconds"
  }),
  Schema.Number,
  {
    strict: true,
    decode: (input, _, ast) => {
      const ms = typeof input === "number" ? input : Date.parse(input)
      return Number.isFinite(ms)
        ? ParseResult.succeed(ms)
        : ParseResult.fail(new ParseResult.Type(ast, input, "must be an ISO-8601 date or epoch milliseconds"))
    },
    encode: (ms) => ParseResult.succeed(ms)
  }
)

export const VisitedSite = Schema.Struct({
  url: Schema.String.pipe(Schema.minLength(1, { message: () => "must not be empty" })),
  title: Schema.optional(Schema.String),
  /** When the page was opened, epoch milliseconds. */
  visited_at: Schema.optional(Timestamp),
  /** Seconds spent on the page. */
  duration_s: Schema.optional(NonNegativeSeconds)
})
export type VisitedSite = typeof VisitedSite.Type

export const BrowserContext = Schema.Struct({
  visited_sites: Schema.Array(VisitedSite),
  search_queries: Schema.Array(Schema.String),
  /** Seconds per host ("github.com": 1200). */
  time_spent: Schema.optional(Schema.Record({ key: Schema.String, value: NonNegativeSeconds }))
})
export type BrowserContext = typeof BrowserContext.Type

export interface ContextLimits {
  readonly maxBytes: number
  readonly maxSites: number
  readonly maxQueries: number
}

export const defaultContextLimits: ContextLimits = { maxBytes: 65_536, maxSites: 1_000, maxQueries: 500 }

/**
 * A context needs three levels (object, list, site); extra fields may nest a
 * little more. Deeper JSON is refused before the Schema sees it: decoding and
 * describing a value thousands of levels deep recurses past the stack (a
 * 10 KB body of nested arrays was an INTERNAL error).
 */
export const maxNestingDepth = 64

/** Whether valid JSON text nests arrays/objects deeper than `max` (one pass, no recursion). */
const nestsDeeperThan = (text: string, max: number): boolean => {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92 /* \\ */) i++
      else if (c === 34 /* " */) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return true
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--
  }
  return false
}

const invalid = (reason: string) => new InvalidArgument({ field: "browser_context", reason })

const decodeUnknown = Schema.decodeUnknownEither(BrowserContext, { errors: "first", onExcessProperty: "ignore" })

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    "browser_context"
  )

/** The first problem of a failed decode as one sentence naming the field. */
const describe = (error: ParseResult.ParseError): string => {
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  if (issue === undefined) return "browser_context is not a valid browser context."
  const where = formatPath(issue.path)
  if (issue._tag === "Missing") return `${where} is required.`
  if (issue._tag === "Unexpected") return `${where} is not allowed.`
  const message = issue.message.startsWith("Expected ")
    ? `must be ${describeExpected(issue.message)}`
    : issue.message
  return `${where} ${message}.`
}

const describeExpected = (message: string): string => {
  const expected = message.slice("Expected ".length).split(",")[0] ?? ""
  if (expected.startsWith("string")) return "a string"
  if (expected.startsWith("number")) return "a number"
  if (expected.startsWith("ReadonlyArray")) return "an array"
  if (expected.startsWith("{")) return "an object"
  return expected.trim()
}

const isSeconds = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value >= 0

const timestampOf = (value: unknown): number | undefined => {
  const ms = typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : Number.NaN
  return Number.isFinite(ms) ? ms : undefined
}

const hasOwn = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key)

/**
 * The Schema's decode for a valid context, by hand: the same result (known
 * fields only, timestamps in epoch ms) at a fraction of the cost, and it never
 * descends into unknown fields. Anything it does not accept goes to the
 * Schema, which names the problem.
 */
const decodeValid = (
  json: Record<string, unknown>
): { readonly context: BrowserContext; readonly unknownFields: boolean } | undefined => {
  const { search_queries: queries, time_spent: timeSpent, visited_sites: sites } = json
  if (!Array.isArray(sites) || !Array.isArray(queries)) return undefined
  for (const query of queries) if (typeof query !== "string") return undefined
  if (timeSpent !== undefined) {
    if (timeSpent === null || typeof timeSpent !== "object" || Array.isArray(timeSpent)) return undefined
    if (hasOwn(timeSpent, "__proto__")) return undefined
    for (const seconds of Object.values(timeSpent)) if (!isSeconds(seconds)) return undefined
  }
  let unknownFields = Object.keys(json).length !== 2 + (timeSpent === undefined ? 0 : 1)
  const visited: Array<VisitedSite> = []
  for (const site of sites as ReadonlyArray<unknown>) {
    if (site === null || typeof site !== "object" || Array.isArray(site)) return undefined
    const { duration_s, title, url, visited_at } = site as Record<string, unknown>
    if (typeof url !== "string" || url.length === 0) return undefined
    if (title !== undefined && typeof title !== "string") return undefined
    if (duration_s !== undefined && !isSeconds(duration_s)) return undefined
    const at = visited_at === undefined ? undefined : timestampOf(visited_at)
    if (visited_at !== undefined && at === undefined) return undefined
    const known = 1 + (title === undefined ? 0 : 1) + (visited_at === undefined ? 0 : 1) + (duration_s === undefined ? 0 : 1)
    if (Object.keys(site).length !== known) unknownFields = true
    visited.push({
      url,
      ...(title === undefined ? {} : { title }),
      ...(at === undefined ? {} : { visited_at: at }),
      ...(duration_s === undefined ? {} : { duration_s })
    })
  }
  const context: BrowserContext = {
    visited_sites: visited,
    search_queries: queries as ReadonlyArray<string>,
    ...(timeSpent === undefined ? {} : { time_spent: { ...(timeSpent as Record<string, number>) } })
  }
  return { context, unknownFields }
}

/**
 * Decodes `browser_context` text: size first (before parsing), then JSON, then
 * shape, then the list limits. A plain function (the request's parse composes
 * it without Effect structure); `decodeBrowserContext` is the Effect.
 */
export const decodeBrowserContextEither = (
  text: string,
  limits: ContextLimits = defaultContextLimits
): Either.Either<BrowserContext, InvalidArgument> => {
  const bytes = Buffer.byteLength(text, "utf8")
  if (bytes > limits.maxBytes) {
    return Either.left(invalid(`browser_context is ${bytes} bytes, over the limit of ${limits.maxBytes} bytes.`))
  }
  if (text.trim() === "") return Either.left(invalid("browser_context is empty; it must be a JSON object."))
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return Either.left(invalid("browser_context is not valid JSON."))
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return Either.left(invalid("browser_context must be a JSON object."))
  }
  const fast = decodeValid(json as Record<string, unknown>)
  // Known fields nest three levels at most: only unknown ones need the walk.
  if ((fast === undefined || fast.unknownFields) && nestsDeeperThan(text, maxNestingDepth)) {
    return Either.left(invalid(`browser_context nests deeper than ${maxNestingDepth} levels.`))
  }
  let context = fast?.context
  if (context === undefined) {
    const decoded = decodeUnknown(json)
    if (Either.isLeft(decoded)) return Either.left(invalid(describe(decoded.left)))
    context = decoded.right
  }
  if (context.visited_sites.length > limits.maxSites) {
    return Either.left(invalid(
      `browser_context.visited_sites has ${context.visited_sites.length} entries, over the limit of ${limits.maxSites}.`
    ))
  }
  if (context.search_queries.length > limits.maxQueries) {
    return Either.left(invalid(
      `browser_context.search_queries has ${context.search_queries.length} entries, over the limit of ${limits.maxQueries}.`
    ))
  }
  return Either.right(context)
}

/** `decodeBrowserContextEither` as an Effect. */
export const decodeBrowserContext = (
  text: string,
  limits: ContextLimits = defaultContextLimits
): Effect.Effect<BrowserContext, InvalidArgument> => Effect.suspend(() => decodeBrowserContextEither(text, limits))
