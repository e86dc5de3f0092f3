/**
 * Conservative stripping of Korean particles (조사) from the end of a word, so
 * that "튜토리얼을", "튜토리얼은" and "튜토리얼" are one topic. Conservative on
 * purpose: a wrongly cut noun is worse than a kept particle, so
 * - the stem must keep at least two syllables ("가을", "마을" stay),
 * - single-syllable particles are cut only where grammar allows them: 을/은/과
 *   after a final consonant (받침), 를/는/와 after a vowel ("고양이" stays),
 * - 이/가/도/로 are never cut alone: too many nouns end in them ("고양이", "메트로"),
 *   nor 이나/이란/하고, which end names ("우크라이나", "이란").
 */

const HANGUL_FIRST = 0xac00
const HANGUL_LAST = 0xd7a3

const isHangulSyllable = (code: number): boolean => code >= HANGUL_FIRST && code <= HANGUL_LAST

/** Whether the syllable has a final consonant (받침). */
const hasFinalConsonant = (code: number): boolean => (code - HANGUL_FIRST) % 28 !== 0

/** Multi-syllable particles, longest first so "에서는" wins over "는". */
const longParticles = [
  "에서는", "으로는", "에게서", "이라는", "에서", "에게", "으로", "까지", "부터", "처럼", "보다",
  "에는", "에도", "이랑", "한테", "마다", "조차"
] as const

const afterConsonant = new Set(["을", "은", "과"])
const afterVowel = new Set(["를", "는", "와"])

/** Nouns of three syllables or more that end in 의 as part of the word (민주주의, 화상회의). */
const nounEndingsWithUi = ["주의", "회의", "강의", "정의", "논의", "문의", "합의", "동의", "건의", "의의"] as const

const allHangul = (word: string): boolean => {
  for (let i = 0; i < word.length; i++) if (!isHangulSyllable(word.charCodeAt(i))) return false
  return true
}

export const stripKoreanParticle = (word: string): string => {
  if (word.length < 3 || !allHangul(word)) return word
  for (const particle of longParticles) {
    if (word.endsWith(particle) && word.length - particle.length >= 2) return word.slice(0, -particle.length)
  }
  const last = word.charAt(word.length - 1)
  const before = word.charCodeAt(word.length - 2)
  if (afterConsonant.has(last) && hasFinalConsonant(before)) return word.slice(0, -1)
  if (afterVowel.has(last) && !hasFinalConsonant(before)) return word.slice(0, -1)
  if ((last === "에" || last === "의") && !nounEndingsWithUi.some((ending) => word.endsWith(ending))) {
    return word.slice(0, -1)
  }
  return word
}
