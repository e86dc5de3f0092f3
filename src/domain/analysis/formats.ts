/**
 * The content format of a visit: the host table's when the host is known,
 * else a hint from the subdomain or the first path segments
 * (docs.example.com, /watch, /questions/...), else "article".
 */
import type { ContentFormat } from "./types.js"

const hints: ReadonlyMap<string, ContentFormat> = new Map<string, ContentFormat>([
  ["docs", "documentation"], ["doc", "documentation"], ["documentation", "documentation"], ["reference", "documentation"],
  ["manual", "documentation"], ["developer", "documentation"], ["developers", "documentation"], ["api", "documentation"],
  ["watch", "video"], ["video", "video"], ["videos", "video"], ["shorts", "video"], ["tv", "video"], ["live", "video"],
  ["questions", "qa"], ["qna", "qa"], ["answers", "qa"], ["faq", "qa"],
  ["news", "news"], ["mnews", "news"],
  ["blog", "article"], ["post", "article"], ["posts", "article"], ["entry", "article"],
  ["course", "course"], ["courses", "course"], ["lecture", "course"], ["lectures", "course"], ["learn", "course"],
  ["class", "course"], ["academy", "course"],
  ["shop", "shopping"], ["store", "shopping"], ["product", "shopping"], ["products", "shopping"], ["goods", "shopping"],
  ["cart", "shopping"], ["mall", "shopping"],
  ["forum", "forum"], ["forums", "forum"], ["community", "forum"], ["board", "forum"], ["bbs", "forum"], ["cafe", "forum"],
  ["discussions", "forum"], ["discuss", "forum"],
  ["podcast", "podcast"], ["podcasts", "podcast"], ["episode", "podcast"], ["episodes", "podcast"],
  ["book", "book"], ["books", "book"], ["ebook", "book"],
  ["tools", "tool"], ["tool", "tool"], ["app", "tool"], ["dashboard", "tool"]
])

export const formatOf = (
  known: ContentFormat | undefined,
  subdomainLabels: ReadonlyArray<string>,
  pathSegments: ReadonlyArray<string>
): ContentFormat => {
  if (known !== undefined) return known
  for (const label of subdomainLabels) {
    const hint = hints.get(label)
    if (hint !== undefined) return hint
  }
  // Only the first two segments: deeper ones are titles of the page itself.
  for (const segment of pathSegments.slice(0, 2)) {
    const hint = hints.get(segment.toLowerCase())
    if (hint !== undefined) return hint
  }
  return "article"
}
