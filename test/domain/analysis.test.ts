import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import { analyzeBrowsingPattern, type Analysis } from "../../src/domain/analysis/index.js"
import type { BrowserContext } from "../../src/domain/context.js"
import { isTaxonomyId } from "../../src/domain/taxonomy/index.js"
import { isStopword } from "../../src/domain/text/tokenize.js"
import { browserContext, hosts } from "./arbitraries.js"
import { fixtureNames, loadContext } from "./fixtures.js"

const analyze = (context: BrowserContext): Analysis => Effect.runSync(analyzeBrowsingPattern(context, "user-1"))
const terms = (analysis: Analysis) => analysis.topics.map((topic) => topic.term)
const interestIds = (analysis: Analysis) => analysis.interests.map((interest) => interest.id)

describe("analyzeBrowsingPattern on example contexts", () => {
  it.effect("a developer's week: programming interests, technical formats, advanced depth", () =>
    Effect.gen(function*() {
      const analysis = yield* analyzeBrowsingPattern(loadContext("developer-week"), "user-1")
      expect(terms(analysis)).toEqual(expect.arrayContaining(["grpc", "stream", "redis"]))
      expect(terms(analysis)).not.toContain("github")
      expect(terms(analysis)).not.toContain("stack")
      expect(interestIds(analysis).slice(0, 3)).toContain("631")
      expect(interestIds(analysis)).toContain("620")
      const formats = analysis.contentPreferences.formats.map((f) => f.format)
      expect(formats.slice(0, 2)).toEqual(["documentation", "repository"])
      expect(analysis.contentPreferences.technicalDepth).toBe("advanced")
      expect(analysis.behaviorPattern.visits).toBe(30)
      expect(analysis.behaviorPattern.sessions).toBeGreaterThan(5)
      expect(analysis.behaviorPattern.timeOfDay).toBeDefined()
    }))

  it.effect("a Korean cooking fan: Korean topics without particles, Cooking first, answers in Korean", () =>
    Effect.gen(function*() {
      const analysis = yield* analyzeBrowsingPattern(loadContext("korean-cooking-fan"), "user-1")
      expect(terms(analysis)).toEqual(expect.arrayContaining(["레시피", "김치찌개", "된장찌개"]))
      expect(terms(analysis)).not.toContain("만개의레시피")
      expect(terms(analysis)).not.toContain("네이버")
      expect(analysis.interests[0]?.name).toBe("Cooking")
      expect(analysis.contentPreferences.primaryLanguage).toBe("ko")
      expect(analysis.contentPreferences.technicalDepth).toBe("none")
      expect(analysis.contentPreferences.formats.map((f) => f.format)).toContain("video")
    }))

  it.effect("a news junkie: news format, politics and economy, a broad skimmer", () =>
    Effect.gen(function*() {
      const analysis = yield* analyzeBrowsingPattern(loadContext("news-junkie"), "user-1")
      expect(analysis.contentPreferences.formats[0]).toEqual({ format: "news", score: 1 })
      expect(interestIds(analysis)).toEqual(expect.arrayContaining(["386", "80"]))
      expect(analysis.behaviorPattern.label).toBe("broad skimmer")
      expect(analysis.behaviorPattern.medianDwellSeconds).toBeLessThan(60)
    }))

  it.effect("a mixed profile: travel, investing, entertainment and tech side by side", () =>
    Effect.gen(function*() {
      const analysis = yield* analyzeBrowsingPattern(loadContext("mixed-profile"), "user-1")
      expect(interestIds(analysis)).toEqual(expect.arrayContaining(["653", "657", "414", "324", "631"]))
      expect(terms(analysis)).toContain("도쿄")
      expect(analysis.contentPreferences.languages.map((l) => l.language).sort()).toEqual(["en", "ko"])
    }))

  it.effect("a cold-start user: no topics or interests, one session, labelled cold start", () =>
    Effect.gen(function*() {
      const analysis = yield* analyzeBrowsingPattern(loadContext("cold-start"), "user-1")
      expect(analysis.topics).toEqual([])
      expect(analysis.interests).toEqual([])
      expect(analysis.behaviorPattern).toMatchObject({ visits: 1, searches: 0, sessions: 1, label: "cold start" })
      expect(analysis.behaviorPattern.timeOfDay).toBeUndefined()
      expect(analysis.contentPreferences.primaryLanguage).toBe("en")
    }))

  it("weighs search queries above titles", () => {
    const analysis = analyze({
      visited_sites: [{ url: "https://example.org/a", title: "kayak" }],
      search_queries: ["origami"]
    })
    expect(terms(analysis)).toEqual(["origami", "kayak"])
  })

  it("uses the gap of 30 minutes between visits to split sessions", () => {
    const at = (minutes: number) => ({ url: `https://example.org/${minutes}`, visited_at: Date.UTC(2025, 0, 1) + minutes * 60_000 })
    const analysis = analyze({ visited_sites: [at(0), at(10), at(41), at(300)], search_queries: [] })
    expect(analysis.behaviorPattern.sessions).toBe(3)
    expect(analysis.behaviorPattern.timeOfDay).toEqual({ night: 1, morning: 0, afternoon: 0, evening: 0 })
  })

  it("gives focus 1 to one host and 0 to time spread evenly", () => {
    const one = analyze({ visited_sites: [{ url: "https://a.org/x" }], search_queries: [], time_spent: { "a.org": 60 } })
    const even = analyze({
      visited_sites: [{ url: "https://a.org/x" }, { url: "https://b.org/y" }],
      search_queries: [],
      time_spent: { "a.org": 60, "b.org": 60 }
    })
    expect(one.behaviorPattern.focus).toBe(1)
    expect(even.behaviorPattern.focus).toBe(0)
  })
})

describe("analyzeBrowsingPattern properties", () => {
  it.prop("at most 10 topics, no duplicates, no stopwords, weights in (0, 1]", [browserContext], ([context]) => {
    const analysis = analyze(context)
    expect(analysis.topics.length).toBeLessThanOrEqual(10)
    expect(new Set(terms(analysis)).size).toBe(analysis.topics.length)
    for (const topic of analysis.topics) {
      for (const word of topic.term.split(" ")) expect(isStopword(word), topic.term).toBe(false)
      expect(topic.weight).toBeGreaterThan(0)
      expect(topic.weight).toBeLessThanOrEqual(1)
    }
  })

  it.prop("every score, share and ratio is in range", [browserContext], ([context]) => {
    const { behaviorPattern, contentPreferences, interests } = analyze(context)
    for (const interest of interests) {
      expect(isTaxonomyId(interest.id)).toBe(true)
      expect(interest.score).toBeGreaterThanOrEqual(0)
      expect(interest.score).toBeLessThanOrEqual(1)
    }
    expect(new Set(interests.map((i) => i.id)).size).toBe(interests.length)
    for (const { score } of contentPreferences.formats) expect(score).toBeGreaterThan(0), expect(score).toBeLessThanOrEqual(1)
    for (const { share } of contentPreferences.languages) expect(share).toBeGreaterThan(0), expect(share).toBeLessThanOrEqual(1)
    expect(behaviorPattern.focus).toBeGreaterThanOrEqual(0)
    expect(behaviorPattern.focus).toBeLessThanOrEqual(1)
    expect(behaviorPattern.sessions).toBeLessThanOrEqual(Math.max(1, behaviorPattern.visits))
    if (behaviorPattern.timeOfDay !== undefined) {
      const { afternoon, evening, morning, night } = behaviorPattern.timeOfDay
      expect(night + morning + afternoon + evening).toBeCloseTo(1, 3)
    }
  })

  it.prop(
    "is deterministic and independent of the order of visited_sites",
    [browserContext, fc.array(fc.integer(), { minLength: 25, maxLength: 25 })],
    ([context, keys]) => {
      const shuffled = context.visited_sites
        .map((site, i) => ({ site, key: keys[i] ?? 0 }))
        .sort((a, b) => a.key - b.key)
        .map(({ site }) => site)
      const analysis = analyze(context)
      expect(analyze(context)).toEqual(analysis)
      expect(analyze({ ...context, visited_sites: shuffled })).toEqual(analysis)
    }
  )

  it.prop(
    "more time on a host never lowers any interest's score",
    [browserContext, fc.constantFrom(...hosts), fc.integer({ min: 1, max: 20_000 })],
    ([context, host, extra]) => {
      const before = analyze(context)
      const after = analyze({
        ...context,
        time_spent: { ...context.time_spent, [host]: (context.time_spent?.[host] ?? 0) + extra }
      })
      const scoresAfter = new Map(after.interests.map((interest) => [interest.id, interest.score]))
      for (const interest of before.interests) {
        expect(scoresAfter.get(interest.id) ?? 0, interest.name).toBeGreaterThanOrEqual(interest.score)
      }
    }
  )

  it("analyses every example context", () => {
    for (const name of fixtureNames) expect(analyze(loadContext(name)).behaviorPattern.visits).toBeGreaterThan(0)
  })
})
