import { describe, expect, it } from "@effect/vitest"
import { categoryName, isTaxonomyId, taxonomy } from "../../src/domain/taxonomy/index.js"
import { namesKo } from "../../src/domain/taxonomy/names-ko.js"

/** Names Koreans use as they are, in Latin letters only (each must be a whole name). */
const latinNames = new Set(["SUV", "SF"])

const hangul = /[\uAC00-\uD7A3]/

describe("Korean category names", () => {
  it("name every category of the taxonomy, in Korean", () => {
    for (const { id, name } of taxonomy) {
      expect(Object.hasOwn(namesKo, id), `${id} ${name} has no Korean name`).toBe(true)
      const ko = namesKo[id] ?? ""
      expect(ko.trim(), `${id} ${name}`).toBe(ko)
      expect(ko.length, `${id} ${name}`).toBeGreaterThan(0)
      expect(hangul.test(ko) || latinNames.has(ko), `${id} ${name}: "${ko}" is not Korean`).toBe(true)
    }
  })

  it("name no id the taxonomy lacks", () => {
    for (const id of Object.keys(namesKo)) expect(isTaxonomyId(id), id).toBe(true)
    expect(Object.keys(namesKo)).toHaveLength(taxonomy.length)
  })

  it("give distinct categories distinct names", () => {
    const ids = new Map<string, Array<string>>()
    for (const [id, ko] of Object.entries(namesKo)) ids.set(ko, [...(ids.get(ko) ?? []), id])
    expect([...ids].filter(([, same]) => same.length > 1)).toEqual([])
  })
})

describe("categoryName", () => {
  it("is the Korean name for ko and the English name otherwise", () => {
    expect(categoryName("631", "ko")).toBe("프로그래밍 언어")
    expect(categoryName("597", "ko")).toBe("인공지능")
    expect(categoryName("596", "ko")).toBe("기술·컴퓨팅")
    expect(categoryName("80DV8O", "ko")).toBe("커뮤니케이션")
    expect(categoryName("631", "en")).toBe("Programming Languages")
    expect(categoryName("631", "ja")).toBe("Programming Languages")
  })

  it("is the id itself for an id the taxonomy lacks", () => {
    expect(categoryName("9999", "ko")).toBe("9999")
    expect(categoryName("9999", "en")).toBe("9999")
    expect(categoryName("constructor", "ko")).toBe("constructor")
    expect(categoryName("toString", "en")).toBe("toString")
  })
})
