/**
 * Word tokens of free text in any script: NFKC, lower case, Intl.Segmenter
 * words, Korean particles stripped, stopwords (stopwords-iso) removed. Shared
 * by the analysis and the catalog index so that a topic and an item's words meet.
 */
import { createRequire } from "node:module"
import { stripKoreanParticle } from "./korean.js"

const stopwordsByLanguage = createRequire(import.meta.url)("stopwords-iso") as Record<string, ReadonlyArray<string>>

/** Languages whose stopwords are removed: those of the service's users first. */
export const stopwordLanguages = ["en", "ko", "ja", "zh", "de", "fr", "es"] as const

/**
 * Words that stopwords-iso keeps but that say nothing about an interest in
 * titles and queries: generic Korean verb forms of "how to" queries, and web
 * boilerplate.
 */
const extraStopwords = [
  "하는", "하기", "하는법", "방법", "찾는", "있는", "없는", "되는", "만드는", "끓이는", "대한", "관련", "정리", "사용법",
  "중", "법", "것", "수", "등", "및", "만들기", "만드세요", "만드는법", "끓이는법", "영향", "우려", "전망", "속보", "단독",
  "종합", "논란", "발표", "확대", "오늘", "내일", "이유", "뭔가요",
  "http", "https", "www"
] as const

/**
 * Words the merged lists drop that name a topic here: stopwords-iso's English
 * list has "ai", "computer", "research", "web", and other languages' lists
 * take English words ("war" in German, "car" in French).
 */
const topicalWords: ReadonlySet<string> = new Set([
  "ai", "computer", "research", "html", "web", "world", "test", "system", "tv", "war", "car", "novel", "course",
  "premier", "microsoft", "interest", "security", "information", "technology", "business", "music", "game", "art"
])

const stopwords: ReadonlySet<string> = new Set(
  [...stopwordLanguages.flatMap((language) => stopwordsByLanguage[language] ?? []), ...extraStopwords]
    .map((w) => w.normalize("NFKC").toLowerCase())
    .filter((w) => !topicalWords.has(w))
)

export const isStopword = (word: string): boolean => stopwords.has(word)

const segmenter = new Intl.Segmenter(undefined, { granularity: "word" })

/** Normalized form used for every comparison of words. */
export const normalizeText = (text: string): string => text.normalize("NFKC").toLowerCase()

/**
 * Text in Latin, Hangul and ASCII punctuation only: for it the Unicode word
 * rules (UAX #29) reduce to the regular expression below, about 30 times
 * faster than Intl.Segmenter. Han, Kana and other scripts that need a
 * dictionary still go through the segmenter. A test checks both agree.
 */
const simpleText = /^[\x00-\x7f\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u2013\u2014\u2018\u2019\u201c\u201d\uac00-\ud7a3]*$/
// Hangul runs stand alone (ICU splits "3박4일" and "k8s와" at the script change); Latin words join over
// ' . : between letters and over , . ; ' between digits, as UAX #29 says.
const simpleWord =
  /[\uac00-\ud7a3]+|[\w\u00c0-\u024f]+(?:(?:(?<=[a-z\u00c0-\u024f])[:.'\u00b7\u2018\u2019](?=[a-z\u00c0-\u024f])|(?<=\d)[.,;'\u2018\u2019](?=\d))[\w\u00c0-\u024f]+)*/gu
// ICU calls a lone "_" punctuation but "__" a word.
const loneUnderscore = /^_$/

/** Words as Intl.Segmenter finds them (word-like segments only), of normalized text. */
export const segmentWords = (normalized: string): Array<string> => {
  if (simpleText.test(normalized)) return (normalized.match(simpleWord) ?? []).filter((word) => !loneUnderscore.test(word))
  const words: Array<string> = []
  for (const segment of segmenter.segment(normalized)) {
    if (segment.isWordLike === true) words.push(segment.segment)
  }
  return words
}

const isKana = (code: number): boolean => code >= 0x3040 && code <= 0x30ff

/** Words (no punctuation or spaces) in order, stopwords and single Latin letters or kana removed. */
export const tokenize = (text: string): Array<string> => {
  const words: Array<string> = []
  for (const segment of segmentWords(normalizeText(text))) {
    // Checked before stripping too: "만드는" is a verb form, not the noun "만드" plus a particle.
    if (stopwords.has(segment)) continue
    const word = stripKoreanParticle(segment)
    if (word.length === 1) {
      const code = word.charCodeAt(0)
      // A lone Latin letter or kana is a fragment ("c" of "c++", "べ" of "食べ"), not a word.
      if (code < 0x80 || isKana(code)) continue
    }
    if (stopwords.has(word)) continue
    words.push(word)
  }
  return words
}
