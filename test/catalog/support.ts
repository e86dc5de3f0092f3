/**
 * Shared by the catalog tests: the fixture catalog (always there), the
 * shipped catalog (once the data lands) and hand-made analyses.
 */
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Either } from "effect"
import type { Analysis, ContentFormat } from "../../src/domain/analysis/types.js"
import type { CatalogItem } from "../../src/domain/catalog/item.js"
import { parseCatalog } from "../../src/domain/catalog/parse.js"

export const fixturePath = fileURLToPath(new URL("./fixtures/catalog.jsonl", import.meta.url))
export const shippedPath = fileURLToPath(new URL("../../catalog/default.jsonl", import.meta.url))
export const partsDir = fileURLToPath(new URL("../../catalog/parts/", import.meta.url))
export const shippedExists = existsSync(shippedPath)

export const readCatalog = (path: string): ReadonlyArray<CatalogItem> =>
  Either.getOrThrowWith(parseCatalog(readFileSync(path, "utf8")), (error) => new Error(error.message))

export const fixtureItems = readCatalog(fixturePath)

/** The catalogs to check behaviour on: the fixture always, the shipped one when present. */
export const catalogs: ReadonlyArray<readonly [string, ReadonlyArray<CatalogItem>]> = [
  ["fixture catalog", fixtureItems],
  ...(shippedExists ? [["shipped catalog", readCatalog(shippedPath)] as const] : [])
]

export interface AnalysisSpec {
  readonly topics?: ReadonlyArray<string>
  readonly interests?: ReadonlyArray<readonly [id: string, name: string, score: number]>
  readonly language?: string
  readonly languages?: ReadonlyArray<readonly [string, number]>
  readonly formats?: ReadonlyArray<readonly [ContentFormat, number]>
}

/** An analysis as the analysis module would make it: weights normalized so the first topic is 1. */
export const analysisOf = (spec: AnalysisSpec): Analysis => {
  const language = spec.language ?? "en"
  const topics = spec.topics ?? []
  return {
    topics: topics.map((term, i) => ({ term, weight: 1 - i / (topics.length + 1), sources: ["title"] })),
    interests: (spec.interests ?? []).map(([id, name, score]) => ({ id, name, path: [name], score })),
    behaviorPattern: {
      visits: topics.length,
      searches: 0,
      sessions: 1,
      averageSessionDepth: topics.length,
      totalDwellSeconds: 0,
      medianDwellSeconds: 0,
      focus: 0,
      searchToVisitRatio: 0,
      timeOfDay: undefined,
      label: topics.length === 0 ? "cold start" : "focused deep reader"
    },
    contentPreferences: {
      formats: (spec.formats ?? []).map(([format, score]) => ({ format, score })),
      languages: (spec.languages ?? [[language, 1]]).map(([l, share]) => ({ language: l, share })),
      primaryLanguage: language,
      technicalDepth: "none"
    }
  }
}

export const developer = analysisOf({
  topics: ["typescript", "react", "javascript", "node", "programming"],
  interests: [["631", "Programming Languages", 0.9], ["621", "Web Development", 0.7], ["596", "Technology & Computing", 0.5]],
  formats: [["documentation", 0.6], ["repository", 0.3]]
})

export const koreanCook = analysisOf({
  topics: ["김치찌개", "요리", "레시피", "집밥", "백종원"],
  interests: [["216", "Cooking", 0.9], ["214", "World Cuisines", 0.5], ["210", "Food & Drink", 0.6]],
  language: "ko",
  formats: [["video", 0.5], ["article", 0.5]]
})

export const now = Date.parse("2025-01-15T12:00:00Z")
