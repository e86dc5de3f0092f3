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

/** Space-separated words of the path, ready for the tokenizer. */
const lowerWord = /^[a-z]{1,20}$/

/** Segments are capped (text/caps.ts) and checked for the user id by the caller's mask. */
export const pathText = (segments: ReadonlyArray<string>, mask: PersonalMask): string => {
  const words: Array<string> = []
  for (const segment of segments) {
    // The common case, a plain lower-case word, skips the splitting below.
    if (lowerWord.test(segment)) {
      if (!routingWords.has(segment) && !mask.mentionsUser(segment)) words.push(segment)
      continue
    }
    if (isIdentifierSegment(segment) || mask.mentionsUser(segment)) continue
    for (const piece of splitCamelCase(segment).split(/[\s\-_.+~,;:=!()[\]]+/u)) {
      if (piece === "" || isIdentifierSegment(piece) || /^\d/.test(piece)) continue
      if (routingWords.has(piece.toLowerCase())) continue
      words.push(piece)
    }
  }
  return words.join(" ")
}
