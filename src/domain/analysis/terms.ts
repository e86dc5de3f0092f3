/**
 * The terms of one text: tokenizer words without bare numbers or words over
 * `maxTermLength` (no word of a subject is that long; a run of letters that
 * is, is noise or an id), with two adjacent words joined when together they
 * are a known keyword ("machine learning"), each term once.
 */
import { categoriesOfKeyword, startsTwoWordKeyword } from "../taxonomy/keywords.js"
import { tokenize } from "../text/tokenize.js"

const numeric = /^[\d.,:]+$/

/** The longest term kept, in UTF-16 code units: it also bounds every topic in the Analysis (and in the cache). */
export const maxTermLength = 48

export const termsOf = (text: string): ReadonlyArray<string> => {
  if (text === "") return []
  const words = tokenize(text).filter((word) => word.length <= maxTermLength && !numeric.test(word))
  const terms: Array<string> = []
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string
    const next = words[i + 1]
    if (next !== undefined && startsTwoWordKeyword(word)) {
      const pair = `${word} ${next}`
      if (categoriesOfKeyword(pair).length > 0) {
        if (!terms.includes(pair)) terms.push(pair)
        i++
        continue
      }
    }
    if (!terms.includes(word)) terms.push(word)
  }
  return terms
}
