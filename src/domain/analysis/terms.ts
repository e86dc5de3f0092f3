/**
 * The terms of one text: tokenizer words without bare numbers, with two
 * adjacent words joined when together they are a known keyword ("machine
 * learning"), each term once.
 */
import { categoriesOfKeyword, startsTwoWordKeyword } from "../taxonomy/keywords.js"
import { tokenize } from "../text/tokenize.js"

const numeric = /^[\d.,:]+$/

export const termsOf = (text: string): ReadonlyArray<string> => {
  if (text === "") return []
  const words = tokenize(text).filter((word) => !numeric.test(word))
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
