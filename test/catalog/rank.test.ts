import { describe, expect, it } from "@effect/vitest"
import type { Analysis } from "../../src/domain/analysis/types.js"
import { buildIndex } from "../../src/domain/catalog/index.js"
import type { RecommendQuery } from "../../src/domain/catalog/query.js"
import { rank } from "../../src/domain/catalog/rank.js"
import { hostOf, normalizeUrl } from "../../src/domain/catalog/url.js"
import type { ContentPeriod, ContentType } from "../../src/domain/request.js"
import { taxonomyIndexOptions } from "../../src/layers/Catalog.js"
import { analysisOf, catalogs, developer, fixtureItems, koreanCook, now } from "./support.js"

const general: ContentType = { _tag: "Known", value: "general" }

const queryOf = (analysis: Analysis, overrides: Partial<RecommendQuery> = {}): RecommendQuery => ({
  analysis,
  contentType: general,
  period: "any",
  now,
  exclude: [],
  ...overrides
})

describe.each(catalogs)("rank on the %s", (_, items) => {
  const index = buildIndex(items, taxonomyIndexOptions)
  const top = (analysis: Analysis, overrides: Partial<RecommendQuery> = {}) => rank(index, queryOf(analysis, overrides))
  const ids = (analysis: Analysis, overrides: Partial<RecommendQuery> = {}) => top(analysis, overrides).map((r) => r.item.id)

  it("gives a developer and a Korean cooking fan disjoint top 5s", () => {
    const dev = ids(developer)
    const cook = ids(koreanCook)
    expect(dev).toHaveLength(5)
    expect(cook).toHaveLength(5)
    expect(dev.filter((id) => cook.includes(id))).toEqual([])
  })

  it("fits the developer with programming and the cook with cooking", () => {
    const categoriesOf = (analysis: Analysis) => top(analysis).flatMap((r) => r.item.categories)
    expect(top(developer).filter((r) => r.matchedInterests.length > 0).length).toBeGreaterThanOrEqual(4)
    expect(categoriesOf(developer)).not.toContain("216")
    expect(top(koreanCook).filter((r) => r.item.categories.some((c) => ["216", "214", "210"].includes(c))).length)
      .toBeGreaterThanOrEqual(3)
  })

  it("gives a Korean-browsing user mostly Korean items", () => {
    for (const analysis of [koreanCook, analysisOf({ language: "ko" }), analysisOf({ ...devSpec, language: "ko" })]) {
      expect(top(analysis).filter((r) => r.item.language === "ko").length).toBeGreaterThanOrEqual(3)
    }
  })

  it("favours videos when the content type is video", () => {
    for (const analysis of [developer, koreanCook]) {
      const videos = (contentType: ContentType) =>
        top(analysis, { contentType }).filter((r) => r.item.format === "video").length
      // At most two per host, and many videos share one: "more" can be capped at two.
      expect(videos({ _tag: "Known", value: "video" })).toBeGreaterThanOrEqual(Math.min(2, videos(general) + 1))
      expect(top(analysis, { contentType: { _tag: "Known", value: "video" } })[0]?.item.format).toBe("video")
    }
  })

  it("reads formats out of a free-text content type", () => {
    const videos = top(koreanCook, { contentType: { _tag: "FreeText", value: "요리 영상" } })
    expect(videos[0]?.item.format).toBe("video")
  })

  it("never recommends a URL the user has just visited, however it is written", () => {
    const first = top(developer)
    const visited = first.map((r) =>
      r.item.url.replace(/^https:\/\/(www\.)?/, "http://www.").replace(/\/?$/, "/?utm_source=feed")
    )
    const next = top(developer, { exclude: visited })
    const seen = new Set(first.map((r) => normalizeUrl(r.item.url)))
    expect(next.length).toBeGreaterThan(0)
    for (const r of next) expect(seen.has(normalizeUrl(r.item.url))).toBe(false)
  })

  it("gives the same output for the same input", () => {
    for (const analysis of [developer, koreanCook, analysisOf({})]) {
      expect(top(analysis)).toEqual(top(analysis))
      expect(rank(buildIndex(items, taxonomyIndexOptions), queryOf(analysis))).toEqual(top(analysis))
    }
  })

  it("keeps at most two items from one host", () => {
    for (const analysis of [developer, koreanCook, analysisOf({ topics: ["youtube", "video"] })]) {
      const hosts = top(analysis, { k: 10 }).map((r) => hostOf(r.item.url))
      for (const host of new Set(hosts)) expect(hosts.filter((h) => h === host).length).toBeLessThanOrEqual(2)
    }
  })

  it("answers a cold start with k items in the user's language", () => {
    for (const language of ["en", "ko"]) {
      const picks = top(analysisOf({ language }))
      expect(picks).toHaveLength(5)
      expect(picks.filter((r) => r.item.language === language).length).toBeGreaterThanOrEqual(4)
      expect(new Set(picks.map((r) => r.item.id)).size).toBe(5)
    }
  })

  it("says which topics and interests matched", () => {
    const [best] = top(developer)
    expect(best?.matchedTopics.length).toBeGreaterThan(0)
    for (const topic of best?.matchedTopics ?? []) expect(developer.topics.map((t) => t.term)).toContain(topic)
    expect(best?.matchedInterests.length).toBeGreaterThan(0)
  })
})

const devSpec = {
  topics: ["javascript", "programming", "react"],
  interests: [["631", "Programming Languages", 0.9]] as const
}

describe("rank, period and taxonomy", () => {
  const dated = [
    ...fixtureItems,
    {
      id: "react-compiler-rc", url: "https://react.dev/blog/2025/01/10/react-compiler", title: "React Compiler RC",
      description: "The release candidate of the React Compiler.", language: "en", format: "article" as const,
      categories: ["621"], tags: ["react", "compiler"], published: "2025-01-10"
    },
    {
      id: "unrelated-fresh", url: "https://example.org/gardening-news", title: "Spring planting",
      description: "When to plant tomatoes.", language: "en", format: "news" as const,
      categories: ["275"], tags: ["gardening"], published: "2025-01-14"
    }
  ]
  const index = buildIndex(dated, taxonomyIndexOptions)
  const ids = (period: ContentPeriod, analysis: Analysis = developer) =>
    rank(index, queryOf(analysis, { period })).map((r) => r.item.id)

  it("ranks relevant dated items inside the period first", () => {
    expect(ids("week")[0]).toBe("react-compiler-rc")
    expect(ids("week")).not.toContain("unrelated-fresh")
    expect(ids("month").slice(0, 1)).toEqual(["react-compiler-rc"])
  })

  it("treats undated items as evergreen: they still fill the answer", () => {
    expect(ids("day")).toHaveLength(5)
    expect(ids("day")).not.toContain("react-compiler-rc")
  })

  it("credits an item filed under a child category of an interest", () => {
    // 216 Cooking is a child of 210 Food & Drink.
    const foodie = analysisOf({ interests: [["210", "Food & Drink", 1]] })
    const picks = rank(index, queryOf(foodie))
    expect(picks[0]?.item.categories).toContain("216")
    expect(picks[0]?.matchedInterests.map((i) => i.id)).toEqual(["210"])
  })
})
