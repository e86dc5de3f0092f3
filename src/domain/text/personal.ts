/**
 * The one masking step for personal data in caller text, applied before
 * anything tokenizes or stores that text: the analysis masks with blanks (a
 * masked word is no topic), the sanitized view with placeholders ("[email]").
 *
 * What it masks:
 * - e-mail addresses and handles (anything with an "@", also the full-width
 *   "＠", which NFKC turns into "@");
 * - phone numbers, Korean resident registration numbers and card numbers:
 *   any run of 9 or more digits in groups joined by spaces, dashes of any
 *   Unicode kind, dots, slashes, underscores or parentheses, with an optional
 *   "+" (010-1234-5678, +82 10 1234 5678, +82 (0)10-1234-5678, 900101-1234567,
 *   4111 1111 1111 1111);
 * - URLs with or without a scheme: reduced to scheme (when written), host and
 *   the path segments that are words (no query string, fragment, id or user);
 * - "key=value" pairs (a query string outside a URL);
 * - identifier-like words: tokens by their prefix (ghp_, sk-, eyJ… of a JWT),
 *   long hex or base64 ids, uuids, mixed letter-digit ids (text/identifiers.ts);
 * - the user id wherever it appears (any case), and, for an e-mail-like user
 *   id, its local part and the pieces of it ("jane", "doe" of jane.doe@…).
 *
 * Linear time: one scan for words, one for digit runs, and one literal search
 * for the user id; no pattern here can backtrack over its input.
 */
import { parseSiteUrl, type SiteUrl } from "../analysis/site.js"
import { nfkc } from "./caps.js"
import { isIdentifierSegment, isIdentifierWord } from "./identifiers.js"

export type MaskStyle = "placeholder" | "blank"

export interface PersonalMask {
  /** The text, NFKC-normalized, with every piece of personal data replaced. */
  readonly text: (text: string, style: MaskStyle) => string
  /** Whether a word (a path segment, a host name, a key) contains the user id or is a piece of it. */
  readonly mentionsUser: (word: string) => boolean
  /** A URL reduced to what may leave the process (see above), or undefined when nothing of it may. */
  readonly safeUrl: (url: string) => string | undefined
  /**
   * The same for a URL parsed already (`parseSiteUrl`), so it is not parsed twice. `seen`, when given, keeps
   * each path segment's safe form for the rest of the call (it must belong to this mask).
   */
  readonly safeSiteUrl: (site: SiteUrl | undefined, seen?: Map<string, string>) => string | undefined
}

const placeholders = {
  email: "[email]",
  phone: "[phone]",
  url: "[url]",
  id: "[id]",
  user: "[user]"
} as const

type Kind = keyof typeof placeholders

const replacement = (kind: Kind, style: MaskStyle): string => (style === "blank" ? " " : placeholders[kind])

/** White space as String.prototype.trim knows it. */
const isSpace = (code: number): boolean =>
  code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
  code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff

const isDigit = (code: number): boolean => code >= 48 && code <= 57

const dash = /^[\p{Pd}\u2212]$/u

/** What may join the digit groups of one phone, card or registration number. */
const isNumberSeparator = (text: string, i: number): boolean => {
  const code = text.charCodeAt(i)
  if (code === 32 || code === 0xa0 || code === 46 || code === 47 || code === 95 || code === 40 || code === 41 || code === 45) return true
  return code >= 0x58a && dash.test(text.charAt(i))
}

/** Digit runs of 9+ digits, in groups with short separators, replaced. */
const maskNumbers = (text: string, style: MaskStyle): string => {
  let out = ""
  let copied = 0
  let i = 0
  const n = text.length
  while (i < n) {
    if (!isDigit(text.charCodeAt(i))) {
      i++
      continue
    }
    const start = i > 0 && text.charCodeAt(i - 1) === 43 /* + */ ? i - 1 : i
    let digits = 0
    let j = i
    let end = i
    for (;;) {
      while (j < n && isDigit(text.charCodeAt(j))) {
        digits++
        j++
      }
      end = j
      let k = j
      let separators = 0
      while (k < n && separators < 4 && isNumberSeparator(text, k)) {
        k++
        separators++
      }
      if (separators === 0 || k >= n || !isDigit(text.charCodeAt(k))) break
      j = k
    }
    if (digits >= 9) {
      out += text.slice(copied, start) + replacement("phone", style)
      copied = end
    }
    i = end
  }
  return copied === 0 ? text : out + text.slice(copied)
}

const leadingPunctuation = new Set(["(", "[", "{", "<", "\"", "'", "‘", "“", "「", "『", "【", "《", "〈", "?", "#", "*", "«"])
const trailingPunctuation = new Set([
  ")", "]", "}", ">", "\"", "'", "’", "”", "」", "』", "】", "》", "〉", ",", ".", ";", ":", "!", "?", "…", "*", "»", "。", "、"
])

/** Splits a word into the pieces that are checked one by one ("a.b/c=d" → a, b, c, d). */
const pieceSeparators = /[./:=&,;|?#!'"()[\]{}<>\\+~*^$%]+/u

const hostLike = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}$/u

/** Text with a scheme, a "www." start, or a host name followed by a path, query or fragment. */
const isUrlLike = (word: string): boolean => {
  if (word.includes("://")) return true
  if (word.length > 4 && word.slice(0, 4).toLowerCase() === "www.") return true
  let cut = -1
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i)
    if (code === 47 || code === 63 || code === 35) {
      cut = i
      break
    }
  }
  return cut > 0 && hostLike.test(word.slice(0, cut))
}

/** "token=abc", "q=x&lang=en": a word before "=" and something after it. */
const isKeyValue = (word: string): boolean => {
  const eq = word.indexOf("=")
  if (eq < 2 || eq === word.length - 1) return false
  for (let i = 0; i < eq; i++) {
    const code = word.charCodeAt(i) | 0x20
    if (!((code >= 97 && code <= 122) || word.charCodeAt(i) === 95 || word.charCodeAt(i) === 45)) return false
  }
  return true
}

/** Whether an "@" stands between a letter or digit and a domain with a dot: an e-mail address. */
const isEmailLike = (word: string): boolean => {
  const at = word.indexOf("@")
  return at > 0 && word.indexOf(".", at + 2) > at + 1
}

/**
 * Letters only: ASCII ones up to 15 (longer runs of letters may be tokens) or
 * Hangul syllables and Latin letters with diacritics. Such a word is no
 * address, number, URL or id.
 */
const isPlainWord = (word: string): boolean => {
  let ascii = 0
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i)
    const lower = code | 0x20
    if (lower >= 97 && lower <= 122) ascii++
    else if (!((code >= 0xac00 && code <= 0xd7a3) || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7))) return false
  }
  return ascii <= 15
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

const letterOrDigitRuns = /[^\p{L}\p{N}]+/u

const piecesOf = (text: string): ReadonlyArray<string> => text.split(letterOrDigitRuns).filter((piece) => piece !== "")

export const personalMask = (userId: string): PersonalMask => {
  const id = userId.trim().normalize("NFKC").toLowerCase()
  // Ids of one or two characters would mask half the text and identify nobody.
  const whole = id.length >= 3 ? id : ""
  const at = whole.lastIndexOf("@")
  const local = at >= 3 ? whole.slice(0, at) : ""
  const userPieces: ReadonlySet<string> = new Set(at > 0 ? piecesOf(whole.slice(0, at)).filter((piece) => piece.length >= 3) : [])
  const needles = [whole, local].filter((needle) => needle !== "")
  const userPattern = needles.length === 0 ? undefined : new RegExp(needles.map(escapeRegExp).join("|"), "giu")

  const hasUserPiece = (lower: string): boolean => {
    if (userPieces.size === 0) return false
    for (const piece of piecesOf(lower)) if (userPieces.has(piece)) return true
    return false
  }

  const mentionsUser = (word: string): boolean => {
    if (needles.length === 0) return false
    const lower = nfkc(word).toLowerCase()
    for (const needle of needles) if (lower.includes(needle)) return true
    return hasUserPiece(lower)
  }

  /** A path segment as it may leave: "" for an id or a mention of the user, else with what would break a path escaped. */
  const safeSegment = (segment: string): string =>
    isIdentifierSegment(segment) || mentionsUser(segment)
      ? ""
      // Decoded words read better; only what would end or break the path is escaped.
      : segment.replace(/[?#%/\\\s]/gu, (char) => encodeURIComponent(char))

  const safeSiteUrl = (site: SiteUrl | undefined, seen?: Map<string, string>): string | undefined => {
    // No host ("https://./x" once "." is dropped): nothing a reader could open, and the path would read as a host.
    if (site === undefined || site.hostname === "" || mentionsUser(site.hostname) || site.hostname.includes("@")) return undefined
    const protocol = site.protocol === "http:" || site.protocol === "https:" ? site.protocol : "https:"
    // Joined once into a flat string (it is hashed and serialized later), not grown by concatenation.
    const parts = [`${protocol}//${site.hostname}`]
    for (const segment of site.pathSegments) {
      let safe = seen?.get(segment)
      if (safe === undefined) {
        safe = safeSegment(segment)
        seen?.set(segment, safe)
      }
      if (safe !== "") parts.push(safe)
    }
    return parts.length === 1 ? `${parts[0]}/` : parts.join("/")
  }

  const safeUrl = (url: string): string | undefined => safeSiteUrl(parseSiteUrl(url))

  /** What replaces one word (punctuation around it already taken off), or undefined to keep it. */
  const classify = (word: string, style: MaskStyle): string | undefined => {
    // Most words are letters only: at most a piece of the user id, never anything else here.
    if (isPlainWord(word)) return userPieces.size > 0 && userPieces.has(word.toLowerCase()) ? replacement("user", style) : undefined
    if (word.includes("@")) return replacement(isEmailLike(word) ? "email" : "id", style)
    if (isUrlLike(word)) {
      const safe = safeUrl(word)
      if (safe === undefined) return replacement("url", style)
      // Written without a scheme, it stays without one ("github.com/effect-ts").
      return word.includes("://") ? safe : safe.slice(safe.indexOf("//") + 2).replace(/\/$/, "")
    }
    if (isKeyValue(word)) return replacement("id", style)
    if (isIdentifierWord(word)) return replacement("id", style)
    const lower = word.toLowerCase()
    if (hasUserPiece(lower)) return replacement("user", style)
    for (const piece of word.split(pieceSeparators)) {
      if (piece !== "" && piece !== word && isIdentifierWord(piece)) return replacement("id", style)
    }
    return undefined
  }

  /** Each white-space-separated word checked and replaced as a whole. */
  const maskWords = (text: string, style: MaskStyle): string => {
    let out = ""
    let copied = 0
    let i = 0
    const n = text.length
    while (i < n) {
      if (isSpace(text.charCodeAt(i))) {
        i++
        continue
      }
      let end = i
      while (end < n && !isSpace(text.charCodeAt(end))) end++
      let from = i
      let to = end
      while (from < to && leadingPunctuation.has(text.charAt(from))) from++
      while (to > from && trailingPunctuation.has(text.charAt(to - 1))) to--
      if (to > from) {
        const word = text.slice(from, to)
        const masked = classify(word, style)
        if (masked !== undefined && masked !== word) {
          out += text.slice(copied, from) + masked
          copied = to
        }
      }
      i = end
    }
    return copied === 0 ? text : out + text.slice(copied)
  }

  const text = (raw: string, style: MaskStyle): string => {
    const normalized = nfkc(raw)
    const withoutUser = userPattern === undefined ? normalized : normalized.replace(userPattern, replacement("user", style))
    return maskNumbers(maskWords(withoutUser, style), style)
  }

  return { text, mentionsUser, safeUrl, safeSiteUrl }
}

/** A mask that knows no user: for text that is not tied to a caller (and as a second line of defence). */
export const anonymousMask: PersonalMask = personalMask("")

/** E-mail addresses in a text replaced by "[email]" (one linear scan over its words). */
export const maskEmails = (text: string): string => {
  if (!text.includes("@")) return text
  return text.split(/(\s+)/u).map((word) => (isEmailLike(word) ? placeholders.email : word)).join("")
}
