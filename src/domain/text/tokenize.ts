/**
 * Word tokens of free text in any script: NFKC, lower case, Intl.Segmenter
 * words, stopwords (stopwords-iso) removed. Shared by the analysis and the
 * catalog index so that a topic and an item's words meet.
 */
import { createRequire } from "node:module"

const stopwordsByLanguage = createRequire(import.meta.url)("stopwords-iso") as Record<string, ReadonlyArray<string>>

/** Languages whose stopwords are removed: those of the service's users first. */
export const stopwordLanguages = ["en", "ko", "ja", "zh", "de", "fr", "es"] as const

const stopwords: ReadonlySet<string> = new Set(
  stopwordLanguages.flatMap((language) => stopwordsByLanguage[language] ?? []).map((w) => w.normalize("NFKC").toLowerCase())
)

export const isStopword = (word: string): boolean => stopwords.has(word)

const segmenter = new Intl.Segmenter(undefined, { granularity: "word" })

/** Normalized form used for every comparison of words. */
export const normalizeText = (text: string): string => text.normalize("NFKC").toLowerCase()

/** Words (no punctuation or spaces) in order, stopwords and single Latin letters removed. */
export const tokenize = (text: string): Array<string> => {
  const words: Array<string> = []
  for (const segment of segmenter.segment(normalizeText(text))) {
    if (segment.isWordLike !== true) continue
    const word = segment.segment
    if (stopwords.has(word)) continue
    if (word.length === 1 && word.charCodeAt(0) < 0x80) continue
    words.push(word)
  }
  return words
}
