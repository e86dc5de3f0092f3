/**
 * Browser contexts for property tests: realistic hosts (known, unknown and
 * nested ones such as news.naver.com under naver.com), paths with ids and
 * slugs, titles with site-name boilerplate, stopwords, Korean and English
 * words, emails and phone numbers, optional timestamps and dwell times, and
 * now and then a long hostile text (thousands of spaces, "@", "/", capitals,
 * alternating classes, lone surrogates) such as broke the old regexes.
 */
import { FastCheck as fc } from "effect"
import type { BrowserContext, VisitedSite } from "../../src/domain/context.js"

export const hosts = [
  "github.com", "stackoverflow.com", "news.naver.com", "blog.naver.com", "naver.com", "youtube.com", "10000recipe.com",
  "velog.io", "bbc.com", "coupang.com", "pytorch.org", "my-cooking-notes.tistory.com", "docs.python.org", "example.co.kr"
] as const

const words = [
  "python", "react", "tutorial", "machine", "learning", "김치찌개", "레시피를", "튜토리얼", "the", "and", "이", "그리고",
  "news", "election", "선거", "Stream", "Effect", "GitHub", "Stack Overflow", "네이버 블로그", "cooking", "요리", "弁当", "東京",
  "2024", "a", "how", "to"
] as const

const secrets = ["alice@example.com", "bob.smith+tag@mail.co.kr", "010-1234-5678", "+82 10 9876 5432", "?token=abc123", "#frag"] as const

/** Units that, repeated, made the old patterns backtrack (and others like them). */
export const hostileUnits = [" ", "@", "a@", "/", "A", "aA1-", "\uD800", "1-", "12 ", "x", "%", " - ", "a.", "가", "\uFDFA"] as const

/** A long run of one hostile unit, maybe with a different character at either end. */
export const hostileText = (maxLength: number): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...hostileUnits), fc.integer({ min: 64, max: maxLength }), fc.constantFrom("", "x", "!", "a@"), fc.constantFrom("", "x", "!"))
    .map(([unit, length, before, after]) => `${before}${unit.repeat(Math.max(1, Math.floor(length / unit.length)))}${after}`)

const word = fc.constantFrom(...words)
const text = fc.oneof(
  { weight: 20, arbitrary: fc.array(fc.oneof({ weight: 6, arbitrary: word }, { weight: 1, arbitrary: fc.constantFrom(...secrets) }), { maxLength: 8 }).map((parts) => parts.join(" ")) },
  { weight: 1, arbitrary: hostileText(4_000) }
)

const segment = fc.oneof(
  word.map((w) => encodeURIComponent(w.replace(/\s+/g, "-"))),
  fc.integer({ min: 0, max: 99_999_999 }).map(String),
  fc.uuid(),
  fc.constantFrom("a3f9c2e1b7d4", "user@example.com", "QWxhZGRpbjpvcGVuIHNlc2FtZQ", "questions", "watch"),
  // encodeURIComponent refuses lone surrogates: a URL carries them as U+FFFD.
  hostileText(2_000).map((t) => encodeURIComponent(t.replace(/[\uD800-\uDFFF]/g, "\uFFFD")))
)

const url = fc.record({
  scheme: fc.constantFrom("https://", "http://", "https://www.", ""),
  host: fc.constantFrom(...hosts),
  path: fc.array(segment, { maxLength: 4 }),
  query: fc.option(fc.constantFrom("?q=python", "?utm_source=x&email=alice@example.com", "?v=dQw4w9WgXcQ"), { nil: undefined }),
  fragment: fc.option(fc.constantFrom("#section-2", "#access_token=secret"), { nil: undefined })
}).map(({ fragment, host, path, query, scheme }) => `${scheme}${host}/${path.join("/")}${query ?? ""}${fragment ?? ""}`)

const base = Date.UTC(2025, 2, 10)

export const visitedSite: fc.Arbitrary<VisitedSite> = fc.record({
  url,
  title: fc.option(text, { nil: undefined }),
  visited_at: fc.option(fc.integer({ min: base, max: base + 7 * 24 * 3_600_000 }), { nil: undefined }),
  duration_s: fc.option(fc.integer({ min: 0, max: 3_600 }), { nil: undefined })
}).map(({ duration_s, title, url, visited_at }) => ({
  url,
  ...(title === undefined ? {} : { title }),
  ...(visited_at === undefined ? {} : { visited_at }),
  ...(duration_s === undefined ? {} : { duration_s })
}))

export const browserContext: fc.Arbitrary<BrowserContext> = fc.record({
  visited_sites: fc.array(visitedSite, { maxLength: 25 }),
  search_queries: fc.array(text, { maxLength: 8 }),
  time_spent: fc.option(fc.dictionary(fc.constantFrom(...hosts), fc.integer({ min: 0, max: 5_000 }), { maxKeys: 5 }), {
    nil: undefined
  })
}).map(({ search_queries, time_spent, visited_sites }) => ({
  visited_sites,
  search_queries,
  ...(time_spent === undefined ? {} : { time_spent })
}))
