/**
 * A visited URL taken apart: host name, registrable domain (public-suffix
 * aware, via tldts), the labels around it, and decoded path segments.
 */
import { parse } from "tldts"

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
  /** Percent-decoded, non-empty path segments. */
  readonly pathSegments: ReadonlyArray<string>
}

const toUrl = (text: string): URL | undefined => {
  const trimmed = text.trim()
  if (URL.canParse(trimmed)) return new URL(trimmed)
  // Browsers' history sometimes lacks the scheme ("github.com/effect-ts").
  const withScheme = `https://${trimmed}`
  return URL.canParse(withScheme) ? new URL(withScheme) : undefined
}

const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export const stripWww = (hostname: string): string => (hostname.startsWith("www.") ? hostname.slice(4) : hostname)

export const parseSiteUrl = (text: string): SiteUrl | undefined => {
  const url = toUrl(text)
  if (url === undefined || url.hostname === "") return undefined
  const hostname = stripWww(url.hostname.toLowerCase().replace(/\.$/, ""))
  const info = parse(hostname)
  const domain = info.domain ?? hostname
  const domainLabel = info.domainWithoutSuffix ?? hostname
  const subdomain = info.domain === null ? "" : info.subdomain ?? ""
  return {
    protocol: url.protocol,
    hostname,
    domain,
    domainLabel,
    subdomainLabels: subdomain === "" ? [] : subdomain.split("."),
    pathSegments: url.pathname.split("/").filter((segment) => segment !== "").map(decodeSegment)
  }
}
