/**
 * The index terms of a text: the shared tokenizer's words (which already
 * strips Korean particles), with English plurals folded so that "recipes"
 * meets "recipe". Items and topics both go through this, so the folding only
 * has to be consistent, not linguistically exact.
 */
import { tokenize } from "../text/tokenize.js"

const latin = /^[a-z]+$/

// Plural folding only: enough for "recipes" to meet "recipe".
const foldEnglish = (word: string): string => {
  if (word.length <= 3) return word
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`
  if (word.endsWith("s") && !/(ss|us|is|os)$/.test(word)) return word.slice(0, -1)
  return word
}

export const foldTerm = (word: string): string => (latin.test(word) ? foldEnglish(word) : word)

export const indexTerms = (text: string): Array<string> => tokenize(text).map(foldTerm)
