/**
 * How much of each caller text the worker reads, applied before any other
 * step (normalizing, masking, tokenizing, parsing) by the analysis, the
 * sanitized view and grounding alike, so that the work per call is bounded by
 * these caps and not by what a caller sends. Longer texts are cut at the last
 * space before the cap (a word cut in half could be half an e-mail address
 * or phone number that masking no longer recognises), or at the cap itself
 * when there is no space near it.
 */
import type { BrowserContext, VisitedSite } from "../context.js"

export const textCaps = {
  /** A page title, in UTF-16 code units. Real titles are under 200. */
  title: 300,
  /** A search query. */
  query: 300,
  /** A visited URL, before it is parsed. */
  url: 4_096,
  /** A `time_spent` key: a host name is at most 253 characters. */
  timeSpentKey: 253,
  /** One percent-decoded path segment. */
  pathSegment: 200,
  /** Path segments read per URL. */
  pathSegments: 32
} as const

/** How far back from the cap a space is looked for. */
const wordSlack = 64

const isSpace = (code: number): boolean =>
  code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a)

const asciiOnly = /^[\x00-\x7f]*$/

/** NFKC, skipped for ASCII text (which it leaves as it is). */
export const nfkc = (text: string): string => (asciiOnly.test(text) ? text : text.normalize("NFKC"))

/** At most `max` code units of `text`, never ending in half a surrogate pair or half a word. */
export const capText = (text: string, max: number): string => {
  if (text.length <= max) return text
  let end = max
  // Do not split a surrogate pair.
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  for (let i = end; i > 0 && i > end - wordSlack; i--) {
    if (isSpace(text.charCodeAt(i))) return text.slice(0, i)
  }
  return text.slice(0, end)
}

/** A URL cut to its cap (no word rule: a URL has no spaces). */
export const capUrl = (url: string): string => {
  if (url.length <= textCaps.url) return url
  const last = url.charCodeAt(textCaps.url - 1)
  return url.slice(0, last >= 0xd800 && last <= 0xdbff ? textCaps.url - 1 : textCaps.url)
}

const capSite = (site: VisitedSite): VisitedSite => {
  const url = capUrl(site.url)
  const title = site.title === undefined ? undefined : capText(site.title, textCaps.title)
  if (url === site.url && title === site.title) return site
  return { ...site, url, ...(title === undefined ? {} : { title }) }
}

/**
 * The context with every text capped: titles, queries, URLs and time_spent
 * keys (keys that become equal when cut add up their seconds). Returns the
 * same object when nothing was over a cap, which is the common case.
 */
export const capContext = (context: BrowserContext): BrowserContext => {
  let changed = false
  const visited_sites = context.visited_sites.map((site) => {
    const capped = capSite(site)
    if (capped !== site) changed = true
    return capped
  })
  const search_queries = context.search_queries.map((query) => {
    const capped = capText(query, textCaps.query)
    if (capped !== query) changed = true
    return capped
  })
  let time_spent = context.time_spent
  if (time_spent !== undefined) {
    const keys = Object.keys(time_spent)
    if (keys.some((key) => key.length > textCaps.timeSpentKey)) {
      changed = true
      // A Map, not an object: a key such as "__proto__" must stay a key.
      const capped = new Map<string, number>()
      for (const key of keys) {
        const short = capText(key, textCaps.timeSpentKey)
        capped.set(short, (capped.get(short) ?? 0) + (time_spent[key] ?? 0))
      }
      time_spent = Object.fromEntries(capped)
    }
  }
  if (!changed) return context
  return { visited_sites, search_queries, ...(time_spent === undefined ? {} : { time_spent }) }
}
