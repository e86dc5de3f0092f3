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
import type { SiteUrl } from "./analysis/site.js"
import type { SanitizedSite, SanitizedView } from "./analysis/types.js"
import { compareVisits, type ContextReading, readingFor, weighedVisits } from "./analysis/evidence.js"
import type { BrowserContext } from "./context.js"
import type { PersonalMask } from "./text/personal.js"

export const sanitizeLimits = { maxSites: 20, maxQueries: 20, maxTextLength: 120, pseudonymHexLength: 32 } as const

/** Hex characters of HMAC-SHA256(key, userId) kept: 128 bits, plenty to tell users apart. */
export const pseudonymize = (userId: string, key: string): string =>
  createHmac("sha256", key).update(userId, "utf8").digest("hex").slice(0, sanitizeLimits.pseudonymHexLength)

const cap = (text: string): string => {
  // Never more code points than code units: most texts are under the cap without counting.
  if (text.length <= sanitizeLimits.maxTextLength) return text
  const chars = Array.from(text)
  return chars.length <= sanitizeLimits.maxTextLength
    ? text
    : `${chars.slice(0, sanitizeLimits.maxTextLength - 1).join("").trimEnd()}…`
}

/** White space as `\s` and String.prototype.trim know it. */
const isSpace = (code: number): boolean =>
  code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
  code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff

/**
 * Runs of white space as one " ", none at either end: `replace(/\s+/gu, " ").trim()` in one scan that
 * returns the text itself when it is clean already (the common case), without building a copy.
 */
const collapseSpaces = (text: string): string => {
  const n = text.length
  let clean = true
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i)
    if (!isSpace(code)) continue
    if (code !== 32 || i === 0 || i === n - 1 || isSpace(text.charCodeAt(i + 1))) {
      clean = false
      break
    }
  }
  return clean ? text : text.replace(/\s+/gu, " ").trim()
}

/** Masked with placeholders; "?" removed (it could start a query string); spaces collapsed; capped. */
const sanitizeText = (text: string, mask: PersonalMask): string => {
  const masked = mask.text(text, "placeholder")
  return cap(collapseSpaces(masked.includes("?") ? masked.replaceAll("?", "") : masked))
}

/**
 * A host name that parsing again as http(s) gives back as it is: lower-case
 * ASCII letters, digits and dashes in non-empty labels, the last one starting
 * with a letter. Not an IP address: without its trailing dot, "127.." became
 * "127." and parses as 0.0.0.127.
 */
const isPlainHost = (host: string): boolean => {
  let labelStart = 0
  for (let i = 0; i < host.length; i++) {
    const code = host.charCodeAt(i)
    if (code === 46) {
      if (i === labelStart) return false
      labelStart = i + 1
    } else if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45)) return false
  }
  if (labelStart >= host.length) return false
  const first = host.charCodeAt(labelStart)
  return first >= 97 && first <= 122
}

/**
 * The host of a safe URL: the parsed site's own host name when the URL was
 * http(s) (its host is then in canonical form already, and a plain one parses
 * to itself), else the safe URL parsed again; undefined when it does not
 * parse (an opaque host such as "foo://a%zz/" made an https URL no parser
 * accepts: such a site is left out rather than failing the call).
 */
const hostOf = (url: string, site: SiteUrl | undefined): string | undefined => {
  if (site !== undefined && (site.protocol === "https:" || site.protocol === "http:") && isPlainHost(site.hostname)) {
    return site.hostname
  }
  try {
    return new URL(url).hostname
  } catch {
    return undefined
  }
}

/**
 * The sanitized view of a context. `reading`: the context read once for the
 * whole call (`readContext`, shared with the analysis); ignored unless it was
 * made from this context object and user id.
 */
export const sanitizeForPrompt = (
  rawContext: BrowserContext,
  userId: string,
  pseudonymKey: Option.Option<string>,
  reading?: ContextReading
): SanitizedView => {
  const read = readingFor(rawContext, userId, reading)
  const { context, mask } = read
  // Most relevant first: the analysis's weight of each visit (dwell time, recency), ties by URL and title.
  // Only the timing is read for it, not the texts (a second evidence pass per call cost as much as the analysis).
  const ranked = weighedVisits(read)
    .map(({ site, visit, weight }) => ({ raw: visit, site, weight }))
    .sort((a, b) => b.weight - a.weight || compareVisits(a.raw, b.raw))

  const sites: Array<SanitizedSite> = []
  // Titles kept per URL: a site is a repeat when both its URL and its title were seen (no joined key to hash).
  const seen = new Map<string, Array<string>>()
  // Revisits repeat titles and path segments: each is masked once per call (queries share the table: same rule).
  const segments = new Map<string, string>()
  const titles = new Map<string, string>()
  const titleOf = (text: string): string => {
    let title = titles.get(text)
    if (title === undefined) {
      title = sanitizeText(text, mask)
      titles.set(text, title)
    }
    return title
  }
  for (const { raw, site } of ranked) {
    if (sites.length >= sanitizeLimits.maxSites) break
    // The URL as the timing parsed it (the same capped text), not parsed again.
    const url = mask.safeSiteUrl(site, segments)
    if (url === undefined) continue
    const title = raw.title === undefined ? undefined : titleOf(raw.title)
    const host = hostOf(url, site)
    if (host === undefined) continue
    const titleKey = title ?? ""
    const titlesOfUrl = seen.get(url)
    if (titlesOfUrl === undefined) seen.set(url, [titleKey])
    else if (titlesOfUrl.includes(titleKey)) continue
    else titlesOfUrl.push(titleKey)
    sites.push({ url, host, title: title === "" ? undefined : title })
  }

  // The last queries are the most recent ones, kept in the order they were made.
  const queries: Array<string> = []
  for (const query of [...context.search_queries].reverse()) {
    if (queries.length >= sanitizeLimits.maxQueries) break
    const text = titleOf(query)
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
