/**
 * The per-call domain work, hostile shapes of text, the fields they go in,
 * and the CPU-time growth from a 4 KB to a 64 KB request: shared by the
 * linearity test and the health-under-load test (no test framework here).
 */
import { Effect, Either, Option } from "effect"
import { analyzeBrowsingPattern } from "../../src/domain/analysis/index.js"
import { contextKey } from "../../src/domain/canonical.js"
import { normalizeUrl } from "../../src/domain/catalog/url.js"
import { buildPrompt } from "../../src/domain/prompt.js"
import { parseRecommendRequest, type RawRecommendRequest } from "../../src/domain/request.js"
import { sanitizeForPrompt } from "../../src/domain/sanitize.js"

/** Everything the worker does with a request's text before the LLM is called. */
export const perCallWork = (raw: RawRecommendRequest): void => {
  const parsed = Effect.runSync(Effect.either(parseRecommendRequest(raw)))
  if (Either.isLeft(parsed)) return
  const { context, contentType, period, userId } = parsed.right
  contextKey(context, userId)
  const analysis = Effect.runSync(analyzeBrowsingPattern(context, userId))
  const view = sanitizeForPrompt(context, userId, Option.some("a-pseudonym-key"))
  for (const site of context.visited_sites) normalizeUrl(site.url)
  buildPrompt({ analysis, view, contentType, period, candidates: [], deadline: Option.none() })
}

/** A hostile text of about `length` UTF-16 code units. */
export type Shape = (length: number) => string

const repeat = (unit: string): Shape => (length) => unit.repeat(Math.max(1, Math.floor(length / unit.length)))

export const shapes: Readonly<Record<string, Shape>> = {
  "letters": repeat("a"),
  "spaces": repeat(" "),
  "x, spaces, x": (n) => `x${" ".repeat(Math.max(0, n - 2))}x`,
  "at signs": repeat("@"),
  "a@ then letters": (n) => `a@${"a".repeat(Math.max(0, n - 2))}`,
  "a@ repeated": repeat("a@"),
  "slashes": repeat("/"),
  "slashes then x": (n) => `${"/".repeat(Math.max(0, n - 1))}x`,
  "capitals then !": (n) => `${"A".repeat(Math.max(0, n - 1))}!`,
  "capitals": repeat("A"),
  "digits": repeat("1"),
  "digits with dashes": repeat("1-"),
  "digit pairs with spaces": repeat("12 "),
  "digits with dots": repeat("1."),
  "alternating aA1-": repeat("aA1-"),
  "separators ' - '": repeat(" - "),
  "pipes": repeat("|"),
  "colons a:": repeat("a:"),
  "dots a.": repeat("a."),
  "key=value&": repeat("k=v&"),
  "percent signs": repeat("%"),
  "percent escapes": repeat("%41"),
  "www. repeated": repeat("www."),
  "hangul": repeat("가"),
  "lone surrogates": repeat("\uD800"),
  "low surrogates and letters": repeat("\uDC00a"),
  "NFKC expanding ﷺ": repeat("\uFDFA")
}

const base = {
  visited_sites: [{ url: "https://github.com/effect-ts/effect", title: "Effect docs" }],
  search_queries: ["typescript effect"],
  time_spent: { "github.com": 60 }
}

type Field = (text: string) => RawRecommendRequest

const request = (context: unknown, overrides: Partial<RawRecommendRequest> = {}): RawRecommendRequest => ({
  user_id: "jiwoo.park@example.org",
  browser_context: JSON.stringify(context),
  content_type: "technical",
  content_period: "any",
  ...overrides
})

/** Where a hostile text goes. */
export const fields: Readonly<Record<string, Field>> = {
  "title": (text) => request({ ...base, visited_sites: [{ url: "https://example.com/a", title: text }] }),
  "query": (text) => request({ ...base, search_queries: [text] }),
  "url path": (text) => request({ ...base, visited_sites: [{ url: `https://example.com/${text}`, title: "t" }] }),
  "url host": (text) => request({ ...base, visited_sites: [{ url: `https://${text}.example.com/p`, title: "t" }] }),
  "url query": (text) => request({ ...base, visited_sites: [{ url: `https://example.com/p?q=${text}`, title: "t" }] }),
  "url fragment": (text) => request({ ...base, visited_sites: [{ url: `https://example.com/p#${text}`, title: "t" }] }),
  "url without scheme": (text) => request({ ...base, visited_sites: [{ url: text, title: "t" }] }),
  "time_spent key": (text) => request({ ...base, time_spent: { [text]: 30 } }),
  // The user id is at most 256 characters: the hostile id is masked in a title that grows.
  "user id": (text) => request({ ...base, visited_sites: [{ url: "https://example.com/a", title: text }] }, { user_id: text.slice(0, 256) }),
  // Refused by its byte cap before it is normalized (request.ts): NFKC turns U+FDFA into 18 characters.
  "content_type": (text) => request(base, { content_type: text })
}

/** The field's text sized so that the whole request is about `bytes` bytes. */
export const sized = (field: Field, shape: Shape, bytes: number): RawRecommendRequest => {
  const size = (raw: RawRecommendRequest) =>
    Buffer.byteLength(raw.browser_context) + Buffer.byteLength(raw.content_type) + Buffer.byteLength(raw.user_id)
  const overhead = size(field(shape(1)))
  // Bytes per code unit of this shape once JSON-encoded (a lone surrogate is 6: "\ud800").
  const probe = shape(256)
  const perUnit = Math.max(1, (size(field(probe)) - overhead) / probe.length)
  let raw = field(shape(Math.floor((bytes - overhead) / perUnit)))
  // Rounding can overshoot the 64 KB limit by a few bytes: trim until it fits.
  for (let length = Math.floor((bytes - overhead) / perUnit); size(raw) > bytes && length > 1; length -= 8) {
    raw = field(shape(length))
  }
  return raw
}

const cpuMicros = (): number => {
  const { system, user } = process.cpuUsage()
  return user + system
}

/** CPU µs per run, run until `minimumMicros` were spent (at least once). */
const cpuPerRun = (run: () => void, minimumMicros: number): number => {
  const start = cpuMicros()
  let runs = 0
  do {
    run()
    runs++
  } while (cpuMicros() - start < minimumMicros)
  return (cpuMicros() - start) / runs
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

export const smallBytes = 4 * 1024
export const largeBytes = 64 * 1024
export const maxRatio = 24

/** CPU time at 64 KB over CPU time at 4 KB, medians of three. */
export const growth = (field: Field, shape: Shape): { small: number; large: number; ratio: number } => {
  const small = sized(field, shape, smallBytes)
  const large = sized(field, shape, largeBytes)
  perCallWork(small) // warm up the code paths of this shape
  const smallRuns: Array<number> = []
  const largeRuns: Array<number> = []
  for (let i = 0; i < 3; i++) {
    smallRuns.push(cpuPerRun(() => perCallWork(small), 20_000))
    largeRuns.push(cpuPerRun(() => perCallWork(large), 20_000))
  }
  const s = median(smallRuns)
  const l = median(largeRuns)
  return { small: s, large: l, ratio: l / Math.max(s, 1) }
}

