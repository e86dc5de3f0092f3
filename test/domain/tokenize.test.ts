import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { stripKoreanParticle } from "../../src/domain/text/korean.js"
import { detectLanguage } from "../../src/domain/text/language.js"
import { isStopword, normalizeText, segmentWords, tokenize } from "../../src/domain/text/tokenize.js"

const segmenter = new Intl.Segmenter(undefined, { granularity: "word" })
const bySegmenter = (text: string) => [...segmenter.segment(text)].filter((s) => s.isWordLike === true).map((s) => s.segment)

describe("tokenize", () => {
  it("keeps Korean, English and Japanese words and drops stopwords and particles", () => {
    expect(tokenize("파이썬 머신러닝 튜토리얼을 찾는 중")).toEqual(["파이썬", "머신러닝", "튜토리얼"])
    expect(tokenize("How to build a React app with TypeScript")).toEqual(["build", "react", "app", "typescript"])
    expect(tokenize("東京 ラーメン")).toEqual(["東京", "ラーメン"])
  })

  it("keeps topical words that stopword lists drop", () => {
    expect(tokenize("AI research on the web")).toEqual(["ai", "research", "web"])
  })

  it.prop("the fast path finds exactly the words Intl.Segmenter finds", [
    fc.array(fc.constantFrom("a", "Z", "é", "1", "9", "_", ".", ",", ":", ";", "'", "-", " ", "/", "김", "치", "?", "·", "\t", "박", "4", "é", "ß", "×", "–", "—", "\u2018", "\u2019", "“", "”", "b"), {
      maxLength: 24
    }).map((chars) => chars.join(""))
  ], ([text]) => {
    const normalized = normalizeText(text)
    expect(segmentWords(normalized)).toEqual(bySegmenter(normalized))
  }, { fastCheck: { numRuns: 2_000 } })

  it.prop("never yields a stopword or an empty word", [fc.string({ maxLength: 40 })], ([text]) => {
    for (const word of tokenize(text)) {
      expect(word).not.toBe("")
      expect(isStopword(word)).toBe(false)
    }
  })
})

describe("stripKoreanParticle", () => {
  it("strips particles where grammar allows them", () => {
    expect(stripKoreanParticle("튜토리얼을")).toBe("튜토리얼")
    expect(stripKoreanParticle("레시피를")).toBe("레시피")
    expect(stripKoreanParticle("서울에서")).toBe("서울")
    expect(stripKoreanParticle("파이썬으로")).toBe("파이썬")
  })

  it("leaves nouns that only look like they end in a particle", () => {
    for (const noun of ["가을", "마을", "고양이", "우크라이나", "민주주의", "화상회의", "메트로"]) {
      expect(stripKoreanParticle(noun)).toBe(noun)
    }
  })
})

describe("detectLanguage", () => {
  it("tells the language by script, the rarer script winning", () => {
    expect(detectLanguage("React 튜토리얼")).toBe("ko")
    expect(detectLanguage("東京 ラーメン")).toBe("ja")
    expect(detectLanguage("机器学习")).toBe("zh")
    expect(detectLanguage("machine learning")).toBe("en")
    expect(detectLanguage("2024 !!")).toBeUndefined()
  })
})
