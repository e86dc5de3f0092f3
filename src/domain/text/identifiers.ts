/**
 * What in a URL or a text identifies a person or an object rather than a
 * subject: ids, hashes, tokens, numbers. Shared by the analysis (such words
 * are not topics) and the sanitized view (they never leave the process);
 * text/personal.ts builds the masking of whole texts on it.
 *
 * Every pattern here is anchored at the start and has no nested or adjacent
 * overlapping quantifiers, so each runs in time linear in its input.
 */

const uuid = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
const hexWithDigit = /^(?=[a-f]*\d)[0-9a-f]{7,}$/i
const base64ish = /^[A-Za-z0-9+/=_-]{16,}$/

interface Classes {
  readonly digits: number
  readonly longestDigitRun: number
  readonly lower: number
  readonly upper: number
  /** Changes between lower case, upper case and digit from one character to the next. */
  readonly switches: number
  /** Characters that are neither hex digits nor "-": when there is one, no uuid or hex pattern can match. */
  readonly notHexOrDash: number
  readonly dashes: number
}

/** One pass over the text: counts of ASCII digits and letters by case, and how often the class changes. */
const classesOf = (text: string): Classes => {
  let digits = 0
  let run = 0
  let longestDigitRun = 0
  let lower = 0
  let upper = 0
  let switches = 0
  let notHexOrDash = 0
  let dashes = 0
  let previous = 0 // 0 other, 1 lower, 2 upper, 3 digit
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const folded = code | 0x20
    if (code === 45) dashes++
    else if (!((code >= 48 && code <= 57) || (folded >= 97 && folded <= 102))) notHexOrDash++
    let kind = 0
    if (code >= 48 && code <= 57) {
      kind = 3
      digits++
      run++
      if (run > longestDigitRun) longestDigitRun = run
    } else {
      run = 0
      if (code >= 97 && code <= 122) kind = 1
      else if (code >= 65 && code <= 90) kind = 2
      if (kind === 1) lower++
      else if (kind === 2) upper++
    }
    if (kind !== 0 && previous !== 0 && kind !== previous) switches++
    if (kind !== 0) previous = kind
  }
  return { digits, longestDigitRun, lower, upper, switches, notHexOrDash, dashes }
}

/** Prefixes of API keys and access tokens that services put on them so that they can be recognised. */
const secretPrefixes: ReadonlyArray<string> = [
  "sk-", "sk_", "pk_", "rk_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "xoxa-",
  "xoxs-", "xapp-", "pplx-", "hf_", "npm_", "shpat_", "AKIA", "ASIA", "AIza", "ya29.", "eyJ"
]

/** The prefixes by their first character: most words start with none of them. */
const prefixesByFirst = new Map<string, Array<string>>()
for (const prefix of secretPrefixes) {
  const first = prefix.charAt(0)
  prefixesByFirst.set(first, [...(prefixesByFirst.get(first) ?? []), prefix])
}

/** An API key or token by its prefix ("ghp_…", "sk-…", "eyJ…" for a JWT), with at least 6 characters after it. */
export const hasSecretPrefix = (word: string): boolean => {
  if (word.length < 8) return false
  const candidates = prefixesByFirst.get(word.charAt(0))
  if (candidates === undefined) return false
  for (const prefix of candidates) if (word.length >= prefix.length + 6 && word.startsWith(prefix)) return true
  return false
}

/**
 * Whether one URL path segment (percent-decoded) is an identifier: a number,
 * a uuid, a hex hash of 7+ characters (git's short SHA), a run of 5+ digits,
 * an email or handle, a token by its prefix, a long token (16+ characters)
 * mixing letters and digits or upper and lower case, or a shorter one that
 * changes between lower case, upper case and digits at almost every character
 * ("dQw4w9WgXcQ").
 */
const plainWord = /^[a-z]{1,15}$/i

export const isIdentifierSegment = (segment: string): boolean => {
  // Most segments are short plain words: answer those without the checks below.
  if (plainWord.test(segment)) return false
  if (segment.includes("@")) return true
  if (hasSecretPrefix(segment)) return true
  const classes = classesOf(segment)
  if (classes.digits === segment.length && segment.length > 0) return true
  // The patterns only where they can match (hex digits and dashes only): most segments have other letters.
  if (classes.notHexOrDash === 0 && (uuid.test(segment) || (classes.dashes === 0 && hexWithDigit.test(segment)))) return true
  if (classes.longestDigitRun >= 5) return true
  if (classes.digits >= 4 && classes.digits < segment.length) return true
  if (classes.digits > 0 && segment.length >= 8 && classes.switches >= 6) return true
  if (segment.length < 16 || !base64ish.test(segment)) return false
  if (classes.digits > 0 && classes.lower + classes.upper > 0) return true
  // Letter-only tokens (Gmail's "FMfcgzQX..."): far more capitals than camelCase names have.
  return classes.upper >= 4 && classes.upper * 4 >= classes.lower + classes.upper
}

const hasAsciiLetter = (word: string): boolean => {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i) | 0x20
    if (code >= 97 && code <= 122) return true
  }
  return false
}

/**
 * Whether a word of a title or a query is an identifier: the rules of path
 * segments, except that numbers of up to four digits and words of digits with
 * non-Latin letters ("2024", "3.12", "2024년", "3박4일") are ordinary words of
 * a title. Longer digit runs (order numbers, phone numbers) are identifiers.
 */
export const isIdentifierWord = (word: string): boolean => {
  if (plainWord.test(word)) return false
  if (!hasAsciiLetter(word)) return word.includes("@") || classesOf(word).longestDigitRun >= 5
  return isIdentifierSegment(word)
}
