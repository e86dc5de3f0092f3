/**
 * The sanitized view of a context: the only form of browsing data that may
 * leave the process (to an LLM). URLs keep scheme, host and the path segments
 * that are words; query strings, fragments, credentials, ports and
 * identifier-like segments go. Titles and queries are NFKC-normalized, their
 * emails, phone numbers, embedded URLs and question marks (a "?" could start
 * a query string) are masked or removed, and they are capped in length. The
 * user id is replaced by a keyed pseudonym (HMAC-SHA256), or left out when no
 * key is configured; it is also masked wherever it appears in the context.
 */
import { Option } from "effect"
import { createHmac } from "node:crypto"
import type { SanitizedSite, SanitizedView } from "./analysis/types.js"
import { collectEvidence, compareVisits } from "./analysis/evidence.js"
import { parseSiteUrl } from "./analysis/site.js"
import type { BrowserContext } from "./context.js"
import { isIdentifierSegment, maskContacts } from "./text/identifiers.js"

export const sanitizeLimits = { maxSites: 20, maxQueries: 20, maxTextLength: 120, pseudonymHexLength: 32 } as const

/** Hex characters of HMAC-SHA256(key, userId) kept: 128 bits, plenty to tell users apart. */
export const pseudonymize = (userId: string, key: string): string =>
  createHmac("sha256", key).update(userId, "utf8").digest("hex").slice(0, sanitizeLimits.pseudonymHexLength)

const embeddedUrl = /\b(?:https?:\/\/|www\.)[^\s]+/giu

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** Masks the user id where it appears; ids of one or two characters would mask half the text and identify nobody. */
const userIdMasker = (userId: string): ((text: string) => string) => {
  const trimmed = userId.trim()
  if (trimmed.length < 3) return (text) => text
  const pattern = new RegExp(escapeRegExp(trimmed.normalize("NFKC")), "giu")
  return (text) => text.replace(pattern, "[user]")
}

const cap = (text: string): string => {
  const chars = Array.from(text)
  return chars.length <= sanitizeLimits.maxTextLength
    ? text
    : `${chars.slice(0, sanitizeLimits.maxTextLength - 1).join("").trimEnd()}…`
}

const sanitizeUrlText = (url: string, maskUser: (text: string) => string): string | undefined => {
  const site = parseSiteUrl(url)
  if (site === undefined) return undefined
  if (maskUser(site.hostname) !== site.hostname) return undefined
  const segments = site.pathSegments
    .map((segment) => segment.normalize("NFKC"))
    .filter((segment) => !isIdentifierSegment(segment) && maskUser(segment) === segment)
    // Decoded words read better in a prompt; only what would end or break the path is escaped.
    .map((segment) => segment.replace(/[?#%/\\\s]/gu, (char) => encodeURIComponent(char)))
  const protocol = site.protocol === "http:" || site.protocol === "https:" ? site.protocol : "https:"
  return `${protocol}//${site.hostname}${segments.length === 0 ? "/" : `/${segments.join("/")}`}`
}

const sanitizeText = (text: string, maskUser: (text: string) => string): string => {
  const normalized = text.normalize("NFKC")
  const withoutUrls = normalized.replace(embeddedUrl, (url) => sanitizeUrlText(url, maskUser) ?? "[url]")
  const masked = maskUser(maskContacts(withoutUrls)).replaceAll("?", "").replace(/\s+/gu, " ").trim()
  return cap(masked)
}

export const sanitizeForPrompt = (
  context: BrowserContext,
  userId: string,
  pseudonymKey: Option.Option<string>
): SanitizedView => {
  const maskUser = userIdMasker(userId)
  // Most relevant first: the evidence weight of each visit (dwell time, recency), ties by URL and title.
  const evidence = collectEvidence({ ...context, search_queries: [] })
  const ranked = [...context.visited_sites].sort(compareVisits)
    .map((site, i) => ({ site, weight: evidence.visits[i]?.weight ?? 0 }))
    .sort((a, b) => b.weight - a.weight || compareVisits(a.site, b.site))

  const sites: Array<SanitizedSite> = []
  const seen = new Set<string>()
  for (const { site } of ranked) {
    if (sites.length >= sanitizeLimits.maxSites) break
    const url = sanitizeUrlText(site.url, maskUser)
    if (url === undefined) continue
    const title = site.title === undefined ? undefined : sanitizeText(site.title, maskUser)
    const key = `${url}\n${title ?? ""}`
    if (seen.has(key)) continue
    seen.add(key)
    sites.push({ url, host: new URL(url).hostname, title: title === "" ? undefined : title })
  }

  // The last queries are the most recent ones, kept in the order they were made.
  const queries: Array<string> = []
  for (const query of [...context.search_queries].reverse()) {
    if (queries.length >= sanitizeLimits.maxQueries) break
    const text = sanitizeText(query, maskUser)
    if (text !== "" && !queries.includes(text)) queries.push(text)
  }
  queries.reverse()

  return {
    userPseudonym: Option.match(pseudonymKey, {
      onNone: () => undefined,
      onSome: (key) => (userId === "" || key === "" ? undefined : pseudonymize(userId, key))
    }),
    sites,
    queries
  }
}
