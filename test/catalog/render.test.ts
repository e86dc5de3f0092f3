import { describe, expect, it } from "@effect/vitest"
import type { CatalogItem } from "../../src/domain/catalog/item.js"
import type { RankedItem } from "../../src/domain/catalog/rank.js"
import { renderRecommendations } from "../../src/domain/catalog/render.js"

const item: CatalogItem = {
  id: "mdn", url: "https://developer.mozilla.org/", title: "MDN\nWeb   Docs", description: "", language: "en",
  format: "article", categories: ["621"], tags: []
}

const ranked = (overrides: Partial<RankedItem> = {}): RankedItem => ({
  item, score: 1, matchedTopics: [], matchedInterests: [], inPeriod: false, ...overrides
})

const webDev = { id: "621", name: "Web Development", path: ["Technology & Computing", "Web Development"], score: 0.8 }
const cooking = { id: "216", name: "Cooking", path: ["Food & Drink", "Cooking"], score: 0.8 }

describe("renderRecommendations", () => {
  it("writes one numbered chunk per item: title — link, then why", () => {
    const chunks = renderRecommendations(
      [ranked({ matchedTopics: ["javascript", "css", "html", "dom"], matchedInterests: [webDev] }), ranked({ item: { ...item, format: "video" } })],
      { language: "en" }
    )
    expect(chunks).toEqual([
      "1. MDN Web Docs — https://developer.mozilla.org/\n   An article on javascript, css and html, matching your interest in Web Development.\n",
      "2. MDN Web Docs — https://developer.mozilla.org/\n   A popular video you may also like.\n"
    ])
  })

  it("uses the Korean templates for Korean users", () => {
    const chunks = renderRecommendations([
      ranked({ matchedTopics: ["요리", "레시피"], matchedInterests: [cooking] }),
      ranked({ matchedInterests: [cooking], inPeriod: true }),
      ranked({ matchedTopics: ["김치"] })
    ], { language: "ko", intro: true })
    expect(chunks).toEqual([
      "최근 관심사를 바탕으로 고른 추천 3개입니다:\n\n",
      "1. MDN Web Docs — https://developer.mozilla.org/\n   최근 살펴보신 요리, 레시피 주제와 관련된 글입니다 (관심 분야: 요리).\n",
      "2. MDN Web Docs — https://developer.mozilla.org/\n   관심 분야인 요리에 맞는 최신 글입니다.\n",
      "3. MDN Web Docs — https://developer.mozilla.org/\n   최근 살펴보신 김치 주제와 관련된 글입니다.\n"
    ])
  })

  it("names the interest's category in Korean for Korean users, and in English otherwise", () => {
    const languages = {
      id: "631", name: "Programming Languages", path: ["Technology & Computing", "Computing", "Programming Languages"], score: 0.9
    }
    const poiema = ranked({
      item: { ...item, title: "PoiemaWeb", url: "https://poiemaweb.com/", format: "documentation" },
      matchedTopics: ["타입스크립트", "javascript"],
      matchedInterests: [languages]
    })
    expect(renderRecommendations([poiema], { language: "ko" })).toEqual([
      "1. PoiemaWeb — https://poiemaweb.com/\n   최근 살펴보신 타입스크립트, javascript 주제와 관련된 문서입니다 (관심 분야: 프로그래밍 언어).\n"
    ])
    expect(renderRecommendations([poiema], { language: "en" })).toEqual([
      "1. PoiemaWeb — https://poiemaweb.com/\n   A reference on 타입스크립트 and javascript, matching your interest in Programming Languages.\n"
    ])
    // An id outside the taxonomy keeps the name it came with.
    const unknown = ranked({ matchedInterests: [{ ...webDev, id: "9999", name: "Pottery" }] })
    expect(renderRecommendations([unknown], { language: "ko" })[0]).toContain("관심 분야인 Pottery에 맞는 글입니다.")
  })

  it("introduces a cold start as places to start", () => {
    expect(renderRecommendations([ranked()], { language: "en", intro: true })).toEqual([
      "Here is 1 well-regarded place to start:\n\n",
      "1. MDN Web Docs — https://developer.mozilla.org/\n   A well-known article to start with.\n"
    ])
    expect(renderRecommendations([ranked()], { language: "ko" })[0]).toContain("처음 시작하기 좋은 글입니다.")
  })

  it("says so when nothing is left to recommend", () => {
    expect(renderRecommendations([], { language: "en" })).toHaveLength(1)
    expect(renderRecommendations([], { language: "ko" })[0]).toContain("추천할 새 항목이 없습니다")
  })
})
