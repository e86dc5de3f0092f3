/**
 * The words of a URL path: segments split on - _ . + and camelCase, with
 * identifiers, numbers, file extensions and routing words dropped, so that
 * "/questions/11227809/why-is-processing-a-sorted-array-faster" gives
 * "why is processing a sorted array faster".
 */
import { isIdentifierSegment } from "../text/identifiers.js"

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

const hasCapital = /[A-Z]/
const splitCamelCase = (word: string): string => !hasCapital.test(word) ? word : word.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")

/** Space-separated words of the path, ready for the tokenizer. */
const lowerWord = /^[a-z]{1,20}$/

export const pathText = (segments: ReadonlyArray<string>): string => {
  const words: Array<string> = []
  for (const segment of segments) {
    // The common case, a plain lower-case word, skips the splitting below.
    if (lowerWord.test(segment)) {
      if (!routingWords.has(segment)) words.push(segment)
      continue
    }
    if (isIdentifierSegment(segment)) continue
    for (const piece of splitCamelCase(segment).split(/[\s\-_.+~,;:=!()[\]]+/u)) {
      if (piece === "" || isIdentifierSegment(piece) || /^\d/.test(piece)) continue
      if (routingWords.has(piece.toLowerCase())) continue
      words.push(piece)
    }
  }
  return words.join(" ")
}
