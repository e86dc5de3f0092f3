/**
 * A visited URL taken apart: host name, registrable domain (public-suffix
 * aware, via tldts), the labels around it, and decoded path segments.
 */
import { parse } from "tldts"
import { capText, capUrl, nfkc, textCaps } from "../text/caps.js"
import { plainHttpParts } from "../text/plainUrl.js"

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
  let start = 0
  // A parsed URL's path is ASCII (anything else is percent-encoded): only a segment with a "%" can decode to
  // something NFKC changes. One scan for the slashes instead of a split.
  for (let i = 0; i <= pathname.length; i++) {
    if (i < pathname.length && pathname.charCodeAt(i) !== 47 /* / */) continue
    if (i > start) {
      const segment = pathname.slice(start, i)
      // NFKC here, once: "﹫" and "＠" are "@" to every check that reads a segment.
      segments.push(
        segment.includes("%")
          ? nfkc(capText(decodeSegment(segment), textCaps.pathSegment))
          : nfkc(capText(segment, textCaps.pathSegment))
      )
      if (segments.length >= textCaps.pathSegments) break
    }
    start = i + 1
  }
  return segments
}

/** The registrable-domain parts of a host name (the public-suffix lookup). */
export interface HostParts {
  readonly domain: string
  readonly domainLabel: string
  readonly subdomainLabels: ReadonlyArray<string>
}

const hostPartsOf = (hostname: string): HostParts => {
  const info = parse(hostname, parseOptions)
  const subdomain = info.domain === null ? "" : info.subdomain ?? ""
  return {
    domain: info.domain ?? hostname,
    domainLabel: info.domainWithoutSuffix ?? hostname,
    subdomainLabels: subdomain === "" ? [] : subdomain.split(".")
  }
}

/**
 * The URL taken apart; the text is capped first (text/caps.ts). `hosts`, when
 * given, keeps each host's domain parts for the rest of the call (the visits
 * of one context share a few hosts).
 */
export const parseSiteUrl = (text: string, hosts?: Map<string, HostParts>): SiteUrl | undefined => {
  const capped = capUrl(text)
  // Most visited URLs are plain http(s) before their query string: host and path read without the URL parser.
  const plain = plainHttpParts(capped.trim())
  const url = plain ?? toUrl(capped)
  if (url === undefined || url.hostname === "") return undefined
  const lower = plain === undefined ? url.hostname.toLowerCase() : url.hostname
  const hostname = stripWww(lower.endsWith(".") ? lower.slice(0, -1) : lower)
  let parts = hosts?.get(hostname)
  if (parts === undefined) {
    parts = hostPartsOf(hostname)
    hosts?.set(hostname, parts)
  }
  return {
    protocol: url.protocol,
    hostname,
    domain: parts.domain,
    domainLabel: parts.domainLabel,
    subdomainLabels: parts.subdomainLabels,
    pathSegments: pathSegmentsOf(url.pathname)
  }
}
