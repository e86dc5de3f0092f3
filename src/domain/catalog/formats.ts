/**
 * Which catalog formats answer a request's content type: the caller's
 * explicit hint, so it weighs more than the formats inferred from browsing.
 */
import type { KnownContentType } from "../request.js"
import type { CatalogFormat } from "./item.js"
import { indexTerms } from "./terms.js"

export type FormatAffinity = Partial<Record<CatalogFormat, number>>

export const formatsOfContentType: Readonly<Record<KnownContentType, FormatAffinity>> = {
  general: {},
  video: { video: 1, course: 0.3 },
  tutorial: { course: 1, documentation: 0.8, video: 0.5, article: 0.4 },
  research: { book: 1, article: 0.8, documentation: 0.7, podcast: 0.3 },
  news: { news: 1, podcast: 0.4, article: 0.3 },
  technical: { documentation: 1, repository: 0.9, course: 0.7, tool: 0.6, article: 0.3 },
  article: { article: 1, news: 0.5, book: 0.3 }
}

// Words a free-text hint may use for a format, English and Korean, folded
// like index terms so they compare with the hint's tokens.
const formatWords: ReadonlyArray<readonly [string, CatalogFormat]> = [
  ["video", "video"], ["youtube", "video"], ["영상", "video"], ["동영상", "video"], ["유튜브", "video"],
  ["course", "course"], ["lecture", "course"], ["class", "course"], ["강의", "course"], ["강좌", "course"],
  ["tutorial", "course"], ["튜토리얼", "course"],
  ["doc", "documentation"], ["documentation", "documentation"], ["reference", "documentation"], ["문서", "documentation"],
  ["repo", "repository"], ["repository", "repository"], ["github", "repository"], ["저장소", "repository"],
  ["podcast", "podcast"], ["팟캐스트", "podcast"],
  ["news", "news"], ["뉴스", "news"], ["소식", "news"],
  ["book", "book"], ["책", "book"], ["도서", "book"],
  ["tool", "tool"], ["app", "tool"], ["도구", "tool"], ["툴", "tool"],
  ["article", "article"], ["blog", "article"], ["글", "article"], ["블로그", "article"]
]

const formatOfWord: ReadonlyMap<string, CatalogFormat> = new Map(
  formatWords.flatMap(([word, format]) => indexTerms(word).map((term) => [term, format] as const))
)

/** Formats named in a free-text hint such as "short videos about cooking". */
export const formatsOfHint = (hintTerms: ReadonlyArray<string>): FormatAffinity => {
  const affinity: FormatAffinity = {}
  for (const term of hintTerms) {
    const format = formatOfWord.get(term)
    if (format !== undefined) affinity[format] = 1
  }
  return affinity
}

/** Terms of a hint that name a format, so they are not also searched as topics. */
export const isFormatWord = (term: string): boolean => formatOfWord.has(term)
