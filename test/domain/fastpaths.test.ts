/**
 * The per-call domain work skips steps for the common case (issue #11): a URL
 * already in canonical form is not parsed again, a clean ASCII text is not
 * normalized, a short text is not split into code points. Each fast path must
 * give exactly what the general path gives: checked here against the general
 * path itself, on texts built from the characters that make the rules differ.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { capText, isPlainHttpUrl, promptUrl } from "../../src/domain/prompt.js"
import { normalizeUrl } from "../../src/domain/catalog/url.js"
import { parseSiteUrl } from "../../src/domain/analysis/site.js"
import { plainHttpParts } from "../../src/domain/text/plainUrl.js"
import { sanitizeForPrompt } from "../../src/domain/sanitize.js"
import { Option } from "effect"
import { pathText } from "../../src/domain/analysis/path.js"
import { anonymousMask, personalMask } from "../../src/domain/text/personal.js"

/** The general path of prompt.ts's capText: what every text went through before the fast path. */
const capTextGeneral = (text: string, max: number): string => {
  const clean = text.normalize("NFKC").replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, " ").replace(/\s+/g, " ").trim()
  const points = [...clean]
  return points.length <= max ? clean : `${points.slice(0, max - 1).join("")}…`
}

const from = (units: ReadonlyArray<string>, maxLength = 30) =>
  fc.array(fc.constantFrom(...units), { maxLength }).map((parts) => parts.join(""))

const label = fc.constantFrom("a", "ab", "x1", "1", "127", "0x1f", "0x", "xn--a", "xn--p1ai", "a-b", "-a", "", "A", "é", "a_b", "a%41", "www")
const hostPart = fc.tuple(fc.array(label, { minLength: 1, maxLength: 4 }), fc.constantFrom("", "", ":80", ":443", "@")).map(([labels, end]) => `${labels.join(".")}${end}`)
const plainPathUnits = ["/", "a", "Z", "0", ".", "..", "-", "_", "~", "!", "$", "&", "(", ")", "*", "+", ",", ";", "=", ":", "@", "%2e", "%2E", "%41", "%4"]
const pathPart = fc.oneof(
  from(plainPathUnits, 12),
  from([...plainPathUnits, "'", "%", "%zz", "?", "#", "\\", " ", "\t", "^", "|", "`", "{", "}", "<", ">", "\"", "김", "é", "\u0000", "%00"], 12)
).map((path) => `/${path}`)
const wildUrl = fc.tuple(fc.constantFrom("https://", "http://", "HTTPS://", "ftp://", "foo://", "", "https:/"), hostPart, fc.constantFrom("", ".com", ".kr", ".", ".1"), pathPart)
  .map(([scheme, host, tld, path]) => `${scheme}${host}${tld}${path}`)
// Close to plain: http(s), letters-first labels now and then a number, "xn--" or an empty one, a path of kept characters.
const nearPlainUrl = fc.tuple(
  fc.constantFrom("https://", "http://"),
  fc.array(fc.constantFrom("a", "ab", "x1", "a-b", "-a", "www", "1", "127", "0x1f", "xn--a", ""), { minLength: 1, maxLength: 3 }),
  fc.constantFrom(".com", ".kr", "", ".1", "."),
  from(plainPathUnits, 12)
).map(([scheme, labels, tld, path]) => `${scheme}${labels.join(".")}${tld}/${path}`)
const url = fc.oneof(wildUrl, nearPlainUrl)
const plainUrls = fc.sample(url, { seed: 1, numRuns: 5_000 }).filter((text) => isPlainHttpUrl(text)).length

/** promptUrl's general path: the URL parser, with query, fragment and credentials removed. */
const parsedUrl = (text: string): string => {
  const parsed = new URL(text)
  parsed.search = ""
  parsed.hash = ""
  parsed.username = ""
  parsed.password = ""
  return parsed.toString()
}

describe("fast paths give what the general path gives", () => {
  it("a plain http(s) URL is recognised, anything the parser would change is not", () => {
    expect(isPlainHttpUrl("https://github.com/effect-ts/effect")).toBe(true)
    expect(isPlainHttpUrl("https://developer.mozilla.org/en-US/docs/Web/API/Streams_API")).toBe(true)
    for (const changed of ["https://127.1/", "https://a.b/./c", "https://a.b/%2e%2E/c", "https://xn--a.com/", "https://a.com:443/",
      "https://A.com/", "https://a.com", "https://a.com/김치", "https://a.com/a b", "https://user@a.com/", "https://a..com/"]) {
      expect(isPlainHttpUrl(changed)).toBe(false)
    }
  })

  it("the generated URLs include plain ones (so the property below tests the fast path)", () => {
    expect(plainUrls).toBeGreaterThan(200)
  })

  it.prop("isPlainHttpUrl: the URL parser gives the text back unchanged, and promptUrl agrees with the parser", [url], ([text]) => {
    let general: string | undefined
    try {
      general = parsedUrl(text)
    } catch {
      general = undefined
    }
    if (isPlainHttpUrl(text)) expect(general).toBe(text)
    if (general !== undefined) expect(promptUrl(text)).toBe(promptUrl(general))
  }, { fastCheck: { numRuns: 5_000 } })

  it.prop("plainHttpParts: protocol, host name and path are the parser's, whatever query string or fragment follows", [
    url,
    fc.constantFrom("", "?", "?q=1", "#", "#x", "?a=b#c", "#a?b", "?\t/x", "?../..", "#/./")
  ], ([text, suffix]) => {
    const full = `${text}${suffix}`
    const plain = plainHttpParts(full)
    if (plain === undefined) return
    const parsed = new URL(full)
    expect(plain).toEqual({ protocol: parsed.protocol, hostname: parsed.hostname, pathname: parsed.pathname })
  }, { fastCheck: { numRuns: 5_000 } })

  it.prop("normalizeUrl equals host and path as the URL parser reads them", [
    url,
    fc.constantFrom("", "/", "//", "?q=1", "/#x", "#a?b"),
    fc.constantFrom("", "www.")
  ], ([text, suffix, www]) => {
    const full = `${text.replace("://", `://${www}`)}${suffix}`
    let general: string
    try {
      const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(full.trim()) ? full.trim() : `https://${full.trim()}`)
      const host = parsed.hostname.toLowerCase()
      general = `${host.startsWith("www.") ? host.slice(4) : host}${parsed.pathname.replace(/\/+$/, "")}`
    } catch {
      return
    }
    expect(normalizeUrl(full)).toBe(general)
  }, { fastCheck: { numRuns: 3_000 } })

  it("normalizeUrl and parseSiteUrl read a plain URL as the parser does", () => {
    expect(normalizeUrl("https://www.github.com/effect-ts/effect/?tab=readme#x")).toBe("github.com/effect-ts/effect")
    expect(normalizeUrl("http://a.example/")).toBe("a.example")
    expect(parseSiteUrl("https://www.news.naver.com/main/read?oid=1")).toMatchObject({
      protocol: "https:",
      hostname: "news.naver.com",
      domain: "naver.com",
      pathSegments: ["main", "read"]
    })
  })

  it.prop("the sanitized view's host is its URL's host as the parser reads it", [
    url,
    fc.constantFrom("", "?q=1", "#x"),
    fc.constantFrom("", "www.", "WWW.")
  ], ([text, suffix, www]) => {
    const raw = `${text.replace("://", `://${www}`)}${suffix}`
    const view = sanitizeForPrompt({ visited_sites: [{ url: raw, duration_s: 30 }], search_queries: [] }, "user-1", Option.none())
    for (const site of view.sites) expect(site.host).toBe(new URL(site.url).hostname)
  }, { fastCheck: { numRuns: 3_000 } })

  it.prop("capText equals the general NFKC + control + space + code point rule", [
    fc.oneof(
      from(["a", "Z", " ", "  ", "<", "@", "~", "\t"], 40),
      from(["a", "Z", " ", "  ", "\t", "\n", "\u0000", "\u007f", "\u200b", "\u2028", "\u00a0", "\u3000", "ｆ", "ﬁ", "é", "김", "😀", "\uD800",
        "\uDC00", "…", "<", "@"], 40)
    ),
    fc.integer({ min: 1, max: 30 })
  ], ([text, max]) => {
    expect(capText(text, max)).toBe(capTextGeneral(text, max))
  }, { fastCheck: { numRuns: 5_000 } })

  it("path words: a per-call table of segments gives the same text as none", () => {
    const segments = ["effect-ts", "effect", "issues", "1042", "Streams_API", "getUserName", "XMLHttpRequest", "a3f9c2e1b7d4", "jane-doe", "en-US"]
    for (const mask of [anonymousMask, personalMask("jane.doe@example.com")]) {
      const seen = new Map<string, string>()
      expect(pathText(segments, mask, seen)).toBe(pathText(segments, mask))
      expect(pathText([...segments].reverse(), mask, seen)).toBe(pathText([...segments].reverse(), mask))
    }
  })
})
