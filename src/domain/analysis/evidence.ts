/**
 * The context read once into evidence that the four analysis programs share:
 * each visit's host, format, categories, terms by source, dwell time and
 * weight; each query's terms. Visits are put in a canonical order first, so
 * that nothing downstream depends on the order of `visited_sites`.
 *
 * Every text is capped first (text/caps.ts), and titles and queries are
 * masked (text/personal.ts) before they are tokenized: no e-mail address,
 * phone number, id, token or piece of the user id becomes a term. Path
 * segments and host names that carry the user id give no terms, and a
 * `time_spent` key that is not a host name (an e-mail address, a phone
 * number) is left out.
 */
import type { BrowserContext, VisitedSite } from "../context.js"
import { capContext } from "../text/caps.js"
import { isIdentifierSegment } from "../text/identifiers.js"
import { type PersonalMask, personalMask } from "../text/personal.js"
import { hostProfile, type HostProfile } from "../taxonomy/hosts.js"
import { categoriesOfKeyword } from "../taxonomy/keywords.js"
import { formatOf } from "./formats.js"
import { pathText } from "./path.js"
import { type HostParts, parseSiteUrl, stripWww, type SiteUrl } from "./site.js"
import { termsOf } from "./terms.js"
import { compactName, stripSiteNames } from "./title.js"
import type { ContentFormat } from "./types.js"
import { compareText, dwellFactor, recencyFactor } from "./weights.js"

export interface VisitEvidence {
  /** The host that dwell time and focus are counted for: a `time_spent` key when one matches. */
  readonly host: string
  /** Categories the host table gives the host. */
  readonly hostCategories: ReadonlyArray<string>
  readonly format: ContentFormat
  readonly hostTerms: ReadonlyArray<string>
  readonly pathTerms: ReadonlyArray<string>
  readonly titleTerms: ReadonlyArray<string>
  /** Categories the keyword table gives the visit's words, each once, in id order. */
  readonly keywordCategories: ReadonlyArray<string>
  /** The title without site-name boilerplate ("" when none). */
  readonly title: string
  readonly visitedAt: number | undefined
  /** Seconds on the page (`duration_s`, or a share of the host's `time_spent`); undefined when nothing tells. */
  readonly dwellSeconds: number | undefined
  /** dwellFactor × recencyFactor: how much this visit counts. */
  readonly weight: number
  /** False for a `time_spent` host with no visit in the context: it counts for interests and formats, not as a visit. */
  readonly visited: boolean
}

export interface QueryEvidence {
  readonly text: string
  readonly terms: ReadonlyArray<string>
  /** Categories the keyword table gives the query's words, each once, in id order. */
  readonly keywordCategories: ReadonlyArray<string>
}

export interface Evidence {
  /** Visits in canonical order, then hosts known only from `time_spent`, by host. */
  readonly visits: ReadonlyArray<VisitEvidence>
  /** Queries in canonical (sorted) order. */
  readonly queries: ReadonlyArray<QueryEvidence>
  /** Seconds per host, by host: the larger of `time_spent` and the sum of the host's `duration_s`. */
  readonly hostDwell: ReadonlyArray<readonly [string, number]>
}

/** The canonical order of visits: by URL, title, time, duration. */
export const compareVisits = (a: VisitedSite, b: VisitedSite): number =>
  compareText(a.url, b.url) ||
  compareText(a.title ?? "", b.title ?? "") ||
  (a.visited_at ?? -1) - (b.visited_at ?? -1) ||
  (a.duration_s ?? -1) - (b.duration_s ?? -1)

/** Generic subdomains that say nothing about a subject. */
const genericLabels: ReadonlySet<string> = new Set([
  "www", "m", "mobile", "amp", "en", "ko", "kr", "ja", "jp", "us", "uk", "app", "api", "docs", "doc", "blog", "news",
  "shop", "store", "cafe", "web", "home", "beta", "dev", "developer", "developers", "support", "help", "login", "auth",
  "accounts", "mail", "cdn", "static", "n", "v", "s", "go", "l", "t", "link"
])

const siteNamesCache = new WeakMap<HostProfile, ReadonlySet<string>>()

const siteNamesOf = (profile: HostProfile | undefined, site: SiteUrl): ReadonlySet<string> => {
  const own = [site.domainLabel, site.domain, site.hostname].map(compactName)
  if (profile === undefined) return new Set(own)
  let names = siteNamesCache.get(profile)
  if (names === undefined) {
    names = new Set(profile.names.map(compactName))
    siteNamesCache.set(profile, names)
  }
  return new Set([...names, ...own])
}

const isAddressOrLocal = (site: SiteUrl): boolean => site.domain === site.hostname && !site.hostname.includes(".") ||
  /^[\d.]+$|:/.test(site.hostname)

/**
 * A known host's name is boilerplate; an unknown host's own label and
 * subdomains are often its subject ("pytorch"), unless they are ids or carry
 * the user id.
 */
const hostTermsOf = (profile: HostProfile | undefined, site: SiteUrl, mask: PersonalMask): ReadonlyArray<string> => {
  if (profile !== undefined || isAddressOrLocal(site) || mask.mentionsUser(site.hostname)) return []
  const labels = [...site.subdomainLabels.filter((label) => !genericLabels.has(label)), site.domainLabel]
    .filter((label) => !isIdentifierSegment(label))
  return termsOf(labels.join(" ").replaceAll("-", " "))
}

/**
 * time_spent keys as host names: lower case, no "www.", a URL reduced to its
 * host; undefined for a key that is not a host name or that masking changes
 * (an e-mail address, a phone number, the user id).
 */
const normalizeHostKey = (key: string, mask: PersonalMask): string | undefined => {
  const trimmed = key.trim().normalize("NFKC").toLowerCase()
  if (trimmed === "" || trimmed.includes("@") || mask.mentionsUser(trimmed)) return undefined
  const host = trimmed.includes("/") ? parseSiteUrl(trimmed)?.hostname : trimmed
  if (host === undefined || mask.text(host, "blank") !== host) return undefined
  return stripWww(host)
}

interface HostFacts {
  readonly profile: HostProfile | undefined
  readonly siteNames: ReadonlySet<string>
  readonly hostTerms: ReadonlyArray<string>
  /** Titles seen on this host, without their boilerplate (filled as visits are read). */
  readonly titles: Map<string, string>
}

/** Categories of a text's keywords, each once: a title stuffed with synonyms counts once per category. */
const keywordCategoriesOf = (termLists: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<string> => {
  const ids: Array<string> = []
  for (const terms of termLists) {
    for (const term of terms) for (const id of categoriesOfKeyword(term)) if (!ids.includes(id)) ids.push(id)
  }
  return ids.sort(compareText)
}

interface ParsedVisit {
  readonly raw: VisitedSite
  readonly site: SiteUrl | undefined
  /** Where the visit's time is counted: its first time_spent key, else its host name. */
  readonly host: string
  /** The time_spent keys that cover the visit: its host name, its registrable domain. */
  readonly keys: ReadonlyArray<string>
}

/** When and how long: what a visit's weight needs, read without any text. */
export interface Timing {
  readonly timeByHost: ReadonlyMap<string, number>
  /** Visits in canonical order. */
  readonly parsed: ReadonlyArray<ParsedVisit>
  readonly statedByKey: ReadonlyMap<string, { seconds: number; unstated: number }>
  readonly statedByHost: ReadonlyMap<string, number>
  readonly shareOf: (keys: ReadonlyArray<string>) => number | undefined
  readonly newest: number | undefined
}

/** One shared empty list (of keys, of terms): read only, and one object lets the per-call tables hit. */
const noKeys: ReadonlyArray<string> = []

/** The context must be capped already. */
const readTiming = (context: BrowserContext, mask: PersonalMask): Timing => {
  const timeByHost = new Map<string, number>()
  for (const key of Object.keys(context.time_spent ?? {}).sort(compareText)) {
    const host = normalizeHostKey(key, mask)
    if (host === undefined) continue
    timeByHost.set(host, (timeByHost.get(host) ?? 0) + (context.time_spent?.[key] ?? 0))
  }

  // Revisits are common: each distinct URL is parsed once per context.
  const sitesByUrl = new Map<string, SiteUrl | undefined>()
  const hostParts = new Map<string, HostParts>()
  const siteOf = (url: string): SiteUrl | undefined => {
    if (sitesByUrl.has(url)) return sitesByUrl.get(url)
    const site = parseSiteUrl(url, hostParts)
    sitesByUrl.set(url, site)
    return site
  }
  const parsed: Array<ParsedVisit> = [...context.visited_sites].sort(compareVisits).map((raw) => {
    const site = siteOf(raw.url)
    const hostname = site?.hostname ?? raw.url.trim().toLowerCase()
    const domain = site?.domain ?? hostname
    // The host name and the registrable domain that are time_spent keys, each once.
    const keys: ReadonlyArray<string> = timeByHost.has(hostname)
      ? domain !== hostname && timeByHost.has(domain) ? [hostname, domain] : [hostname]
      : domain !== hostname && timeByHost.has(domain) ? [domain] : noKeys
    return { raw, site, host: keys[0] ?? hostname, keys }
  })

  // Per time_spent key: seconds its visits state themselves, and how many visits leave their time to it.
  const statedByKey = new Map<string, { seconds: number; unstated: number }>()
  for (const { keys, raw } of parsed) {
    for (const key of keys) {
      const entry = statedByKey.get(key) ?? { seconds: 0, unstated: 0 }
      if (raw.duration_s === undefined) entry.unstated++
      else entry.seconds += raw.duration_s
      statedByKey.set(key, entry)
    }
  }
  /**
   * An undated visit's share of a key's time: what its visits do not state,
   * split evenly. With both news.naver.com and naver.com in time_spent, a visit
   * takes the larger share, so adding time on any key never lowers a visit.
   */
  const shareOf = (keys: ReadonlyArray<string>): number | undefined => {
    let share: number | undefined
    for (const key of keys) {
      const stated = statedByKey.get(key) ?? { seconds: 0, unstated: 0 }
      const candidate = Math.max(0, (timeByHost.get(key) ?? 0) - stated.seconds) / Math.max(1, stated.unstated)
      if (share === undefined || candidate > share) share = candidate
    }
    return share
  }

  // Per host (for totals and focus): the seconds the host's visits state.
  const statedByHost = new Map<string, number>()
  for (const { host, raw } of parsed) statedByHost.set(host, (statedByHost.get(host) ?? 0) + (raw.duration_s ?? 0))

  let newest: number | undefined
  for (const { raw } of parsed) {
    if (raw.visited_at !== undefined && (newest === undefined || raw.visited_at > newest)) newest = raw.visited_at
  }

  return { timeByHost, parsed, statedByKey, statedByHost, shareOf, newest }
}

const weightOf = (timing: Timing, { keys, raw }: ParsedVisit): { dwellSeconds: number | undefined; weight: number } => {
  const dwellSeconds = raw.duration_s ?? timing.shareOf(keys)
  return { dwellSeconds, weight: dwellFactor(dwellSeconds ?? 0) * recencyFactor(raw.visited_at, timing.newest) }
}

/**
 * What one call reads of its context before any text: the capped context,
 * the user's mask, every visit's parsed URL, time_spent keys and weight
 * inputs. The analysis and the sanitizer both start from it; a call that runs
 * both can read its context once and hand the reading to each (a reading is
 * used only for the context object and user id it was made from).
 */
export interface ContextReading {
  /** The context as the caller passed it (before capping): a reading serves this object only. */
  readonly source: BrowserContext
  readonly userId: string
  readonly mask: PersonalMask
  /** `source` capped (text/caps.ts). */
  readonly context: BrowserContext
  readonly timing: Timing
}

export const readContext = (source: BrowserContext, userId: string): ContextReading => {
  const mask = personalMask(userId)
  const context = capContext(source)
  return { source, userId, mask, context, timing: readTiming(context, mask) }
}

/** The reading when it was made from this context and user id, else a new one. */
export const readingFor = (source: BrowserContext, userId: string, reading: ContextReading | undefined): ContextReading =>
  reading !== undefined && reading.source === source && reading.userId === userId ? reading : readContext(source, userId)

/** Each visit's weight and parsed URL, in canonical order: what the sanitized view ranks sites by. */
export const weighedVisits = (
  reading: ContextReading
): ReadonlyArray<{ readonly visit: VisitedSite; readonly site: SiteUrl | undefined; readonly weight: number }> => {
  const { timing } = reading
  return timing.parsed.map((visit) => ({ visit: visit.raw, site: visit.site, weight: weightOf(timing, visit).weight }))
}

export const collectEvidence = (rawContext: BrowserContext, mask: PersonalMask): Evidence => {
  const context = capContext(rawContext)
  return evidenceOf(context, mask, readTiming(context, mask))
}

/** The evidence of a reading (no URL parsed or time summed again). */
export const evidenceOfReading = (reading: ContextReading): Evidence => evidenceOf(reading.context, reading.mask, reading.timing)

const evidenceOf = (context: BrowserContext, mask: PersonalMask, timing: Timing): Evidence => {
  const { parsed, statedByHost, statedByKey, timeByHost } = timing
  // Visits repeat hosts and titles: read each host and each text once per context.
  const hosts = new Map<string, HostFacts>()
  const hostFactsOf = (site: SiteUrl): HostFacts => {
    let facts = hosts.get(site.hostname)
    if (facts === undefined) {
      const profile = hostProfile(site.hostname)
      facts = { profile, siteNames: siteNamesOf(profile, site), hostTerms: hostTermsOf(profile, site, mask), titles: new Map() }
      hosts.set(site.hostname, facts)
    }
    return facts
  }
  const texts = new Map<string, ReadonlyArray<string>>()
  const cachedTerms = (text: string): ReadonlyArray<string> => {
    let terms = texts.get(text)
    if (terms === undefined) {
      terms = termsOf(text)
      texts.set(text, terms)
    }
    return terms
  }

  const pathTermsBySite = new Map<SiteUrl, ReadonlyArray<string>>()
  const segmentWords = new Map<string, string>()
  const pathTermsOf = (site: SiteUrl): ReadonlyArray<string> => {
    let terms = pathTermsBySite.get(site)
    if (terms === undefined) {
      terms = cachedTerms(pathText(site.pathSegments, mask, segmentWords))
      pathTermsBySite.set(site, terms)
    }
    return terms
  }
  // Masked before anything reads it; each distinct text once.
  const maskedTexts = new Map<string, string>()
  const masked = (text: string): string => {
    let result = maskedTexts.get(text)
    if (result === undefined) {
      result = mask.text(text, "blank")
      maskedTexts.set(text, result)
    }
    return result
  }
  const cleanTitle = (title: string, facts: HostFacts): string => {
    let clean = facts.titles.get(title)
    if (clean === undefined) {
      clean = stripSiteNames(masked(title), facts.siteNames)
      facts.titles.set(title, clean)
    }
    return clean
  }

  // Visits share their term lists (per host, per path text, per title): each combination's categories once.
  const categoriesByTerms = new Map<ReadonlyArray<string>, Map<ReadonlyArray<string>, Map<ReadonlyArray<string>, ReadonlyArray<string>>>>()
  const visitCategories = (
    hostTerms: ReadonlyArray<string>,
    pathTerms: ReadonlyArray<string>,
    titleTerms: ReadonlyArray<string>
  ): ReadonlyArray<string> => {
    let byPath = categoriesByTerms.get(hostTerms)
    if (byPath === undefined) categoriesByTerms.set(hostTerms, byPath = new Map())
    let byTitle = byPath.get(pathTerms)
    if (byTitle === undefined) byPath.set(pathTerms, byTitle = new Map())
    let ids = byTitle.get(titleTerms)
    if (ids === undefined) byTitle.set(titleTerms, ids = keywordCategoriesOf([hostTerms, pathTerms, titleTerms]))
    return ids
  }

  const visits: Array<VisitEvidence> = parsed.map((visit) => {
    const { host, raw, site } = visit
    const facts = site === undefined ? undefined : hostFactsOf(site)
    const profile = facts?.profile
    const { dwellSeconds, weight } = weightOf(timing, visit)
    const title = raw.title === undefined ? "" : facts === undefined ? masked(raw.title) : cleanTitle(raw.title, facts)
    const hostTerms = facts?.hostTerms ?? noKeys
    const pathTerms = site === undefined ? noKeys : pathTermsOf(site)
    const titleTerms = cachedTerms(title)
    return {
      host,
      hostCategories: profile?.categories ?? [],
      format: formatOf(profile?.format, site?.subdomainLabels ?? [], site?.pathSegments ?? []),
      hostTerms,
      pathTerms,
      titleTerms,
      keywordCategories: visitCategories(hostTerms, pathTerms, titleTerms),
      title,
      visitedAt: raw.visited_at,
      dwellSeconds,
      weight,
      visited: true
    }
  })

  const hostDwell = new Map<string, number>()
  for (const [host, stated] of statedByHost) hostDwell.set(host, Math.max(stated, timeByHost.get(host) ?? 0))
  for (const [host, seconds] of timeByHost) {
    if (statedByHost.has(host)) continue
    hostDwell.set(host, seconds)
    if (statedByKey.has(host)) continue
    const site = parseSiteUrl(host)
    const profile = site === undefined ? undefined : hostProfile(site.hostname)
    visits.push({
      host,
      hostCategories: profile?.categories ?? [],
      format: formatOf(profile?.format, site?.subdomainLabels ?? [], []),
      hostTerms: site === undefined ? [] : hostTermsOf(profile, site, mask),
      pathTerms: [],
      titleTerms: [],
      keywordCategories: site === undefined ? [] : keywordCategoriesOf([hostTermsOf(profile, site, mask)]),
      title: "",
      visitedAt: undefined,
      dwellSeconds: seconds,
      weight: dwellFactor(seconds),
      visited: false
    })
  }

  const queries = [...context.search_queries].sort(compareText).map((raw) => {
    const text = masked(raw)
    const terms = cachedTerms(text)
    return { text, terms, keywordCategories: keywordCategoriesOf([terms]) }
  })
  return {
    visits,
    queries,
    hostDwell: [...hostDwell].sort(([a], [b]) => compareText(a, b))
  }
}
