/**
 * The sanitized view of a context: the only form of browsing data that may
 * leave the process (to an LLM). URLs keep scheme, host and the path segments
 * that are words; query strings, fragments, credentials, ports and
 * identifier-like segments go. Titles and queries go through the same masking
 * as the analysis (text/personal.ts: e-mail addresses, phone and card
 * numbers, embedded URLs, ids and tokens, the user id), with placeholders
 * such as "[email]"; question marks (a "?" could start a query string) are
 * removed, and they are capped in length. The user id is replaced by a keyed
 * pseudonym (HMAC-SHA256), or left out when no key is configured.
 */
import { Option } from "effect"
import { createHmac } from "node:crypto"
import type { SanitizedSite, SanitizedView } from "./analysis/types.js"
import { compareVisits, visitWeights } from "./analysis/evidence.js"
import type { BrowserContext } from "./context.js"
import { capContext } from "./text/caps.js"
import { type PersonalMask, personalMask } from "./text/personal.js"

export const sanitizeLimits = { maxSites: 20, maxQueries: 20, maxTextLength: 120, pseudonymHexLength: 32 } as const

/** Hex characters of HMAC-SHA256(key, userId) kept: 128 bits, plenty to tell users apart. */
export const pseudonymize = (userId: string, key: string): string =>
  createHmac("sha256", key).update(userId, "utf8").digest("hex").slice(0, sanitizeLimits.pseudonymHexLength)

const cap = (text: string): string => {
  const chars = Array.from(text)
  return chars.length <= sanitizeLimits.maxTextLength
    ? text
    : `${chars.slice(0, sanitizeLimits.maxTextLength - 1).join("").trimEnd()}…`
}

/** Masked with placeholders; "?" removed (it could start a query string); spaces collapsed; capped. */
const sanitizeText = (text: string, mask: PersonalMask): string =>
  cap(mask.text(text, "placeholder").replaceAll("?", "").replace(/\s+/gu, " ").trim())

export const sanitizeForPrompt = (
  rawContext: BrowserContext,
  userId: string,
  pseudonymKey: Option.Option<string>
): SanitizedView => {
  const mask = personalMask(userId)
  const context = capContext(rawContext)
  // Most relevant first: the analysis's weight of each visit (dwell time, recency), ties by URL and title.
  // Only the timing is read for it, not the texts (a second evidence pass per call cost as much as the analysis).
  const ranked = [...visitWeights(context, mask)]
    .map(({ visit, weight }) => ({ site: visit, weight }))
    .sort((a, b) => b.weight - a.weight || compareVisits(a.site, b.site))

  const sites: Array<SanitizedSite> = []
  const seen = new Set<string>()
  for (const { site } of ranked) {
    if (sites.length >= sanitizeLimits.maxSites) break
    const url = mask.safeUrl(site.url)
    if (url === undefined) continue
    const title = site.title === undefined ? undefined : sanitizeText(site.title, mask)
    const key = `${url}\n${title ?? ""}`
    if (seen.has(key)) continue
    seen.add(key)
    sites.push({ url, host: new URL(url).hostname, title: title === "" ? undefined : title })
  }

  // The last queries are the most recent ones, kept in the order they were made.
  const queries: Array<string> = []
  for (const query of [...context.search_queries].reverse()) {
    if (queries.length >= sanitizeLimits.maxQueries) break
    const text = sanitizeText(query, mask)
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
