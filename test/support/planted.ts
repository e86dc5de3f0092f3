/**
 * Personal data planted in browser contexts, and the check that none of it
 * comes out: for property tests of the analysis, the prompt, the upstream
 * request, the logs and the cache.
 *
 * A planted piece has a `text` (what is put in the context) and `secrets`
 * (what must never come out). A leak is any run of four letters or digits of
 * a secret found in an output, unless the run is ordinary: it appears in the
 * context without the planted pieces, in the output of a call without them
 * (the prompt's own wording, log messages), or in the parts of a planted URL
 * that may leave (its host and word path).
 */
import { FastCheck as fc } from "effect"
import { contentFormats } from "../../src/domain/analysis/types.js"
import type { BrowserContext } from "../../src/domain/context.js"
import { categoryName, taxonomy } from "../../src/domain/taxonomy/index.js"

export interface Planted {
  readonly kind: string
  readonly text: string
  readonly secrets: ReadonlyArray<string>
  /** Parts of `text` that may come out (a URL's host and word path). */
  readonly ordinary: string
}

const lower = "abcdefghijklmnopqrstuvwxyz"
const alnum = `${lower}ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789`

const chars = (alphabet: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((cs) => cs.join(""))

const digits = (n: number) => chars("0123456789", n, n)

/** Letters and digits with at least one digit (as real tokens and ids have). */
const token = (min: number, max: number, alphabet = alnum) =>
  fc.tuple(chars(alphabet, min - 1, max - 1), fc.integer({ min: 0, max: 9 }), fc.nat()).map(([body, digit, at]) => {
    const i = body.length === 0 ? 0 : at % body.length
    return `${body.slice(0, i)}${digit}${body.slice(i)}`
  })

const name = chars(lower, 4, 9)

const secret = (kind: string, text: fc.Arbitrary<string>): fc.Arbitrary<Planted> =>
  text.map((t) => ({ kind, text: t, secrets: [t], ordinary: "" }))

/** Dashes of every Unicode kind a phone number is written with. */
const dashes = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\uFE63", "\uFF0D"] as const

export const email: fc.Arbitrary<Planted> = fc.record({
  first: name,
  last: name,
  number: fc.option(digits(2), { nil: undefined }),
  joiner: fc.constantFrom(".", "_", "-", ""),
  at: fc.constantFrom("@", "＠", "﹫"),
  domain: fc.constantFrom("example.org", "mail.co.kr", "gmail.com", "corp-mail.net", "naver.com")
}).map(({ at, domain, first, joiner, last, number }) => {
  const address = `${first}${joiner}${last}${number ?? ""}${at}${domain}`
  return { kind: "email", text: address, secrets: [address], ordinary: "" }
})

export const phone: fc.Arbitrary<Planted> = fc.record({
  a: digits(4),
  b: digits(4),
  dash: fc.constantFrom(...dashes),
  form: fc.constantFrom("kr", "kr-spaces", "intl", "intl-paren", "dots", "slashes", "underscores", "landline", "us")
}).map(({ a, b, dash, form }) => {
  const forms: Record<typeof form, string> = {
    kr: `010${dash}${a}${dash}${b}`,
    "kr-spaces": `010 ${a} ${b}`,
    intl: `+82 10 ${a} ${b}`,
    "intl-paren": `+82 (0)10${dash}${a}${dash}${b}`,
    dots: `010.${a}.${b}`,
    slashes: `010/${a}/${b}`,
    underscores: `010_${a}_${b}`,
    landline: `02${dash}${a.slice(0, 3)}${dash}${b}`,
    us: `(555) ${a.slice(0, 3)}${dash}${b}`
  }
  const text = forms[form] ?? `010-${a}-${b}`
  return { kind: `phone (${form})`, text, secrets: [text], ordinary: "" }
})

export const residentNumber: fc.Arbitrary<Planted> = secret(
  "resident registration number",
  fc.tuple(fc.integer({ min: 50, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.constantFrom("1", "2", "3", "4"), digits(6))
    .map(([y, m, d, sex, rest]) => `${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}-${sex}${rest}`)
)

export const cardNumber: fc.Arbitrary<Planted> = secret(
  "card number",
  fc.tuple(fc.constantFrom("4", "5", "3"), digits(15), fc.constantFrom(" ", "-", "")).map(([first, rest, sep]) => {
    const all = `${first}${rest}`
    return [all.slice(0, 4), all.slice(4, 8), all.slice(8, 12), all.slice(12, 16)].join(sep)
  })
)

const base64url = `${alnum}-_`

export const apiToken: fc.Arbitrary<Planted> = fc.oneof(
  secret("github token", token(36, 36).map((t) => `ghp_${t}`)),
  secret("openai-style key", token(32, 48).map((t) => `sk-${t}`)),
  secret("slack token", fc.tuple(digits(11), digits(12), token(24, 24)).map(([a, b, c]) => `xoxb-${a}-${b}-${c}`)),
  secret("aws key id", token(16, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567").map((t) => `AKIA${t}`)),
  secret("session token", token(20, 40, base64url))
)

export const jwt: fc.Arbitrary<Planted> = secret(
  "jwt",
  fc.tuple(token(16, 36, base64url), token(20, 60, base64url), token(20, 43, base64url)).map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`)
)

export const hexId: fc.Arbitrary<Planted> = secret("hex id", fc.constantFrom(12, 24, 32, 40, 64).chain((n) => token(n, n, "0123456789abcdef")))

export const base64Id: fc.Arbitrary<Planted> = secret(
  "base64 id",
  fc.tuple(token(18, 40, `${alnum}+/`), fc.constantFrom("", "=", "==")).map(([t, pad]) => `${t}${pad}`)
)

const urlHosts = ["shop.example.com", "accounts.example.net", "app.service.io"] as const

/** Ids as they stand in URL paths: numbers, uuids, hashes, base62 of 16 or more. */
const pathId = fc.oneof(
  fc.integer({ min: 5, max: 12 }).chain(digits),
  fc.uuid(),
  token(24, 24, "0123456789abcdef"),
  token(16, 24)
)

export const urlWithSecrets: fc.Arbitrary<Planted> = fc.record({
  scheme: fc.constantFrom("https://", "http://", ""),
  host: fc.constantFrom(...urlHosts),
  path: fc.constantFrom("orders", "account/settings", "reset"),
  id: pathId,
  key: fc.constantFrom("session", "token", "email", "sid", "code"),
  value: token(8, 24),
  fragment: token(8, 24)
}).map(({ fragment, host, id, key, path, scheme, value }) => ({
  kind: scheme === "" ? "url without scheme" : "url",
  text: `${scheme}${host}/${path}/${id}?${key}=${value}&utm_source=x#${fragment}`,
  secrets: [id, value, fragment],
  ordinary: `${scheme}${host}/${path} ${key} utm_source`
}))

/** Every kind of personal data, one planted piece. */
export const personalData: fc.Arbitrary<Planted> = fc.oneof(
  email, phone, residentNumber, cardNumber, apiToken, jwt, hexId, base64Id, urlWithSecrets
)

/** A user id: a handle or an e-mail address (whose local part's pieces are personal too). */
export interface PlantedUser {
  readonly userId: string
  /** The id itself and, for an e-mail id, the pieces of its local part, as they may be written elsewhere. */
  readonly forms: ReadonlyArray<string>
}

export const user: fc.Arbitrary<PlantedUser> = fc.oneof(
  fc.tuple(name, name, digits(4)).map(([a, b, n]) => ({ userId: `${a}.${b}-${n}`, forms: [`${a}.${b}-${n}`] })),
  fc.tuple(name, name, fc.constantFrom("example.org", "gmail.com")).map(([a, b, domain]) => ({
    userId: `${a}.${b}@${domain}`,
    forms: [`${a}.${b}@${domain}`, `${a}.${b}`, a, b.toUpperCase(), `${a[0]?.toUpperCase() ?? ""}${a.slice(1)} ${b}`]
  }))
)

/** Where a planted piece goes. */
export type Place = "title" | "query" | "url path" | "url query" | "url fragment" | "time_spent key"

export const place: fc.Arbitrary<Place> = fc.constantFrom("title", "query", "url path", "url query", "url fragment", "time_spent key")

const ordinaryWords = [
  "python", "react", "tutorial", "machine", "learning", "김치찌개", "레시피", "튜토리얼", "news", "election", "선거",
  "stream", "effect", "cooking", "요리", "kubernetes", "marathon", "training", "guide", "review"
] as const

const ordinaryHosts = ["github.com", "stackoverflow.com", "news.naver.com", "youtube.com", "velog.io", "pytorch.org", "bbc.com"] as const

const words = fc.array(fc.constantFrom(...ordinaryWords), { minLength: 1, maxLength: 4 }).map((ws) => ws.join(" "))

/** A context of ordinary words and hosts only: what the planted pieces are put into. */
export const ordinaryContext: fc.Arbitrary<BrowserContext> = fc.record({
  visited_sites: fc.array(
    fc.record({ host: fc.constantFrom(...ordinaryHosts), slug: words, title: words, duration_s: fc.integer({ min: 0, max: 900 }) }),
    { minLength: 1, maxLength: 6 }
  ).map((sites) =>
    sites.map(({ duration_s, host, slug, title }) => ({ url: `https://${host}/${slug.replaceAll(" ", "-")}`, title, duration_s }))
  ),
  search_queries: fc.array(words, { maxLength: 4 }),
  time_spent: fc.dictionary(fc.constantFrom(...ordinaryHosts), fc.integer({ min: 0, max: 3_000 }), { maxKeys: 3 })
})

export interface Planting {
  readonly piece: Planted
  readonly place: Place
}

/** The context with each piece put in its place (surrounded by ordinary words in titles and queries). */
export const plant = (context: BrowserContext, plantings: ReadonlyArray<Planting>): BrowserContext => {
  const visited_sites = [...context.visited_sites]
  const search_queries = [...context.search_queries]
  const time_spent: Record<string, number> = { ...context.time_spent }
  plantings.forEach(({ piece, place }, i) => {
    const text = piece.text
    switch (place) {
      case "title":
        visited_sites.push({ url: `https://github.com/topic-${i}`, title: `Inbox - ${text} - review` })
        break
      case "query":
        search_queries.push(`python ${text} tutorial`)
        break
      case "url path":
        visited_sites.push({ url: `https://velog.io/${encodeURIComponent(text)}/guide`, title: "guide" })
        break
      case "url query":
        visited_sites.push({ url: `https://bbc.com/news?ref=${encodeURIComponent(text)}`, title: "news" })
        break
      case "url fragment":
        visited_sites.push({ url: `https://pytorch.org/training#${text}`, title: "training" })
        break
      case "time_spent key":
        time_spent[text] = 120 + i
        break
    }
  })
  return { visited_sites, search_queries, time_spent }
}

const normalize = (text: string): string => text.normalize("NFKC").toLowerCase()

const runs = (text: string): ReadonlyArray<string> =>
  normalize(text).split(/[^\p{L}\p{N}]+/u).filter((run) => [...run].length >= 4)

/** The four-character windows of a secret's letter-and-digit runs. */
const windowsOf = (secret: string): ReadonlyArray<string> => {
  const windows = new Set<string>()
  for (const run of runs(secret)) {
    const points = [...run]
    for (let i = 0; i + 4 <= points.length; i++) windows.add(points.slice(i, i + 4).join(""))
  }
  return [...windows]
}

/** Placeholder words the masking writes. */
const placeholderText = "[email] [phone] [url] [id] [user]"

/**
 * Words the outputs take from fixed vocabularies, not from the context: the
 * behaviour labels, formats and depths, and the taxonomy's names (English and
 * Korean). "rese" of a planted "rese.aaaa-0000" inside "researcher" is no leak.
 */
const fixedVocabulary = [
  "cold start", "focused deep reader", "researcher", "broad skimmer", "casual browser",
  ...contentFormats, "none beginner intermediate advanced",
  ...taxonomy.flatMap((category) => [category.name, categoryName(category.id, "ko")])
].join(" ")

/**
 * Every run of four letters or digits of a secret found in `output` that is
 * not ordinary (found in `ordinary`, the text a call without the secrets
 * gives, and the context without them), as "secret → window" lines.
 */
export const leaks = (output: string, secrets: ReadonlyArray<string>, ordinary: string): ReadonlyArray<string> => {
  const out = normalize(output)
  const allowed = normalize(`${ordinary} ${placeholderText} ${fixedVocabulary}`)
  const found: Array<string> = []
  for (const secret of secrets) {
    for (const window of windowsOf(secret)) {
      if (out.includes(window) && !allowed.includes(window)) found.push(`${secret} → ${window}`)
    }
  }
  return found
}

/** The strings in a JSON value (numbers are computed counts, seconds and scores: they carry no text). */
export const stringsOf = (value: unknown, skipKeys: ReadonlySet<string> = new Set()): Array<string> => {
  if (typeof value === "string") return [value]
  if (Array.isArray(value)) return value.flatMap((v) => stringsOf(v, skipKeys))
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => (skipKeys.has(k) ? [] : [k, ...stringsOf(v, skipKeys)]))
  }
  return []
}
