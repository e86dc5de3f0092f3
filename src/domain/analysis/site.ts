/**
 * A visited URL taken apart: host name, registrable domain (public-suffix
 * aware, via tldts), the labels around it, and decoded path segments.
 */
import { parse } from "tldts"
import { capText, capUrl, nfkc, textCaps } from "../text/caps.js"

export interface SiteUrl {
  readonly protocol: string
  /** Lower case, without "www.". */
  readonly hostname: string
  /** Registrable domain ("naver.com" for news.naver.com), or the host name for IPs and local names. */
  readonly domain: string
  /** The domain's own label without its public suffix ("naver", "10000recipe"). */
  readonly domainLabel: string
  /** Labels left of the domain, outermost first ("n", "news" for n.news.naver.com). */
  readonly subdomainLabels: ReadonlyArray<string>
  /** Percent-decoded, NFKC-normalized, non-empty path segments: the first `textCaps.pathSegments`, each capped. */
  readonly pathSegments: ReadonlyArray<string>
}

const tryUrl = (text: string): URL | undefined => {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

const hasScheme = /^[a-z][a-z0-9+.-]*:/i

const toUrl = (text: string): URL | undefined => {
  const trimmed = text.trim()
  // Browsers' history sometimes lacks the scheme ("github.com/effect-ts").
  return hasScheme.test(trimmed) ? tryUrl(trimmed) ?? tryUrl(`https://${trimmed}`) : tryUrl(`https://${trimmed}`)
}

const decodeSegment = (segment: string): string => {
  if (!segment.includes("%")) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

// Only the domain parts are needed; tldts skips the rest (and the host is already extracted).
const parseOptions = { extractHostname: false, validateHostname: false, detectIp: true, mixedInputs: false } as const

export const stripWww = (hostname: string): string => (hostname.startsWith("www.") ? hostname.slice(4) : hostname)

const pathSegmentsOf = (pathname: string): Array<string> => {
  const segments: Array<string> = []
  for (const segment of pathname.split("/")) {
    if (segment === "") continue
    // NFKC here, once: "﹫" and "＠" are "@" to every check that reads a segment.
    segments.push(nfkc(capText(decodeSegment(segment), textCaps.pathSegment)))
    if (segments.length >= textCaps.pathSegments) break
  }
  return segments
}

/** The URL taken apart; the text is capped first (text/caps.ts). */
export const parseSiteUrl = (text: string): SiteUrl | undefined => {
  const url = toUrl(capUrl(text))
  if (url === undefined || url.hostname === "") return undefined
  const lower = url.hostname.toLowerCase()
  const hostname = stripWww(lower.endsWith(".") ? lower.slice(0, -1) : lower)
  const info = parse(hostname, parseOptions)
  const domain = info.domain ?? hostname
  const domainLabel = info.domainWithoutSuffix ?? hostname
  const subdomain = info.domain === null ? "" : info.subdomain ?? ""
  return {
    protocol: url.protocol,
    hostname,
    domain,
    domainLabel,
    subdomainLabels: subdomain === "" ? [] : subdomain.split("."),
    pathSegments: pathSegmentsOf(url.pathname)
  }
}
