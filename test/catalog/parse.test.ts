import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import { parseCatalog } from "../../src/domain/catalog/parse.js"
import { hostOf, normalizeUrl } from "../../src/domain/catalog/url.js"

const line = (overrides: Record<string, unknown> = {}, drop: ReadonlyArray<string> = []): string => {
  const item: Record<string, unknown> = {
    id: "mdn", url: "https://developer.mozilla.org/", title: "MDN", description: "Web docs", language: "en",
    format: "documentation", categories: ["621"], tags: ["web"], ...overrides
  }
  for (const key of drop) delete item[key]
  return JSON.stringify(item)
}

const errorOf = (text: string): string => {
  const result = parseCatalog(text)
  if (Either.isRight(result)) throw new Error("expected a parse error")
  return result.left.message
}

describe("parseCatalog", () => {
  it("decodes items and skips blank lines", () => {
    const text = `\n${line()}\n   \n${line({ id: "react", url: "https://react.dev/learn" })}\r\n\n`
    const items = Either.getOrThrow(parseCatalog(text))
    expect(items.map((i) => i.id)).toEqual(["mdn", "react"])
  })

  it("accepts a byte order mark at the start", () => {
    expect(Either.getOrThrow(parseCatalog(`\uFEFF${line()}\n`)).map((i) => i.id)).toEqual(["mdn"])
  })

  it("names the line and the field of a bad item", () => {
    const text = [line(), "", line({ id: "b", url: "https://b.example/", categories: [] })].join("\n")
    expect(errorOf(text)).toBe("catalog line 3: categories must name at least one category")
  })

  it.each([
    [line({ title: "" }), "catalog line 1: title must not be empty"],
    [line({}, ["url"]), "catalog line 1: url is required"],
    [line({ url: "ftp://x.example/" }), "catalog line 1: url must be an absolute http(s) URL"],
    [line({ language: "korean" }), "catalog line 1: language must be an ISO 639-1 code such as ko or en"],
    [line({ published: "2024/01/02" }), "catalog line 1: published must be a date as YYYY-MM-DD"],
    [line({ tags: "web" }), "catalog line 1: tags must be an array"],
    [line({ categories: ["621", ""] }), "catalog line 1: categories[1] must not be empty"],
    ["{not json", "catalog line 1: is not valid JSON"],
    ["[1, 2]", "catalog line 1: must be a JSON object"]
  ])("reports %s as %s", (text, message) => {
    expect(errorOf(text)).toBe(message)
  })

  it("names the format values when the format is unknown", () => {
    expect(errorOf(line({ format: "blog" }))).toBe(
      "catalog line 1: format must be one of article, video, course, documentation, repository, podcast, news, book, tool"
    )
    expect(errorOf(line({ difficulty: "easy" }))).toBe("catalog line 1: difficulty must be one of beginner, intermediate, advanced")
  })

  it("rejects a duplicate id, naming both lines", () => {
    const text = [line(), line({ url: "https://other.example/" })].join("\n")
    expect(errorOf(text)).toBe('catalog line 2: id "mdn" is already used on line 1')
  })

  it("rejects a URL listed twice, even written differently", () => {
    const text = [line(), line({ id: "mdn2", url: "http://www.developer.mozilla.org?utm_source=x" })].join("\n")
    expect(errorOf(text)).toBe("catalog line 2: url http://www.developer.mozilla.org?utm_source=x is already listed on line 1")
  })
})

describe("normalizeUrl", () => {
  it.each([
    ["https://www.Example.com/a/b/?q=1#top", "example.com/a/b"],
    ["http://example.com/a/b", "example.com/a/b"],
    ["example.com/a/b/", "example.com/a/b"],
    ["https://example.com", "example.com"],
    ["not a url at all/ path?x", "not a url at all/ path"]
  ])("%s → %s", (url, normalized) => {
    expect(normalizeUrl(url)).toBe(normalized)
  })

  it("gives hosts without www", () => {
    expect(hostOf("https://www.youtube.com/@Fireship")).toBe("youtube.com")
    expect(hostOf("nonsense")).toBe("")
  })
})
