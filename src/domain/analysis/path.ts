/**
 * The words of a URL path: segments split on - _ . + and camelCase, with
 * identifiers, numbers, file extensions and routing words dropped, so that
 * "/questions/11227809/why-is-processing-a-sorted-array-faster" gives
 * "why is processing a sorted array faster".
 */
import { isIdentifierSegment } from "../text/identifiers.js"
import type { PersonalMask } from "../text/personal.js"

/** Path words that say how a site routes, not what the page is about. */
const routingWords: ReadonlySet<string> = new Set([
  "index", "view", "read", "post", "posts", "article", "articles", "watch", "search", "questions", "question", "tag",
  "tags", "category", "categories", "blob", "tree", "main", "master", "issues", "pull", "pulls", "commit", "commits",
  "wiki", "docs", "doc", "en", "ko", "kr", "us", "ja", "entry", "detail", "details", "board", "list", "page", "pages",
  "html", "htm", "php", "aspx", "asp", "jsp", "md", "pdf", "amp", "mobile", "home", "item", "items", "product",
  "products", "p", "s", "v", "r", "w", "c", "u", "shorts", "results", "recipe", "news", "blog", "mnews", "api",
  "reference", "guide", "guides", "latest", "stable", "current", "library", "learn", "lecture", "course", "courses",
  "edit", "new", "user", "users", "profile", "login", "signin", "account", "settings", "feed", "default", "content"
])

const isUpper = (code: number): boolean => code >= 65 && code <= 90
const isLower = (code: number): boolean => code >= 97 && code <= 122

/**
 * "getUserName" → "get User Name", "XMLHttpRequest" → "XML Http Request": a
 * break before a capital that follows a lower-case letter, and before the last
 * capital of a run that a lower-case letter follows. One pass (a regex for the
 * second rule backtracked quadratically over a long run of capitals).
 */
export const splitCamelCase = (word: string): string => {
  let out = ""
  let from = 0
  for (let i = 1; i < word.length; i++) {
    const code = word.charCodeAt(i)
    if (!isUpper(code)) continue
    const before = word.charCodeAt(i - 1)
    if (isLower(before) || (isUpper(before) && isLower(word.charCodeAt(i + 1)))) {
      out += `${word.slice(from, i)} `
      from = i
    }
  }
  return from === 0 ? word : out + word.slice(from)
}

/** A plain lower-case word of 1 to 20 letters (the common segment), without a regex. */
const isLowerWord = (segment: string): boolean => {
  if (segment.length === 0 || segment.length > 20) return false
  for (let i = 0; i < segment.length; i++) if (!isLower(segment.charCodeAt(i))) return false
  return true
}

/** What splits a segment into words: white space (as `\s` knows it) and - _ . + ~ , ; : = ! ( ) [ ]. */
const isSeparator = (code: number): boolean => {
  switch (code) {
    case 45: case 95: case 46: case 43: case 126: case 44: case 59: case 58: case 61: case 33: case 40: case 41: case 91:
    case 93: case 32: case 9: case 10: case 11: case 12: case 13: case 0xa0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202f: case 0x205f: case 0x3000: case 0xfeff:
      return true
    default:
      return code >= 0x2000 && code <= 0x200a
  }
}

const isDigitCode = (code: number): boolean => code >= 48 && code <= 57

/** The words of one segment, space-separated ("" for none): routing words, ids, numbers and the user's id give none. */
const segmentText = (segment: string, mask: PersonalMask): string => {
  // The common case, a plain lower-case word, skips the splitting below.
  if (isLowerWord(segment)) return routingWords.has(segment) || mask.mentionsUser(segment) ? "" : segment
  if (isIdentifierSegment(segment) || mask.mentionsUser(segment)) return ""
  const split = splitCamelCase(segment)
  let text = ""
  let start = 0
  // One scan over the separators (the split regex this replaces built an array per segment).
  for (let i = 0; i <= split.length; i++) {
    if (i < split.length && !isSeparator(split.charCodeAt(i))) continue
    if (i > start) {
      const piece = split.slice(start, i)
      if (!isDigitCode(piece.charCodeAt(0)) && !isIdentifierSegment(piece) && !routingWords.has(piece.toLowerCase())) {
        text = text === "" ? piece : `${text} ${piece}`
      }
    }
    start = i + 1
  }
  return text
}

/**
 * Space-separated words of the path, ready for the tokenizer. Segments are
 * capped (text/caps.ts) and checked for the user id by the caller's mask.
 * `seen`, when given, keeps each segment's words for the rest of the call
 * (paths of one context share most segments): it must belong to one mask.
 */
export const pathText = (segments: ReadonlyArray<string>, mask: PersonalMask, seen?: Map<string, string>): string => {
  let text = ""
  for (const segment of segments) {
    let words = seen?.get(segment)
    if (words === undefined) {
      words = segmentText(segment, mask)
      seen?.set(segment, words)
    }
    if (words !== "") text = text === "" ? words : `${text} ${words}`
  }
  return text
}
