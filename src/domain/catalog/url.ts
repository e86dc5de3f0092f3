/**
 * URL forms used to compare items with visited pages and with each other:
 * two links to the same page often differ only in scheme, "www.", a trailing
 * slash or tracking parameters.
 */

import { capUrl } from "../text/caps.js"
import { plainHttpParts } from "../text/plainUrl.js"

const stripWww = (host: string): string => (host.startsWith("www.") ? host.slice(4) : host)

/** Without trailing slashes (a loop: /\/+$/ backtracks quadratically over a long run of slashes). */
const trimSlashes = (path: string): string => {
  let end = path.length
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--
  return end === path.length ? path : path.slice(0, end)
}

/** Host without "www.", lower case; "" when the text is not a URL. */
export const hostOf = (url: string): string => {
  try {
    return stripWww(new URL(url).hostname.toLowerCase())
  } catch {
    return ""
  }
}

/**
 * host + path, without scheme, "www.", trailing slashes, query or fragment.
 * Text that does not parse as a URL (visited entries are caller data) is
 * normalized the same way by hand, so it can still match.
 */
export const normalizeUrl = (url: string): string => {
  // Visited URLs are caller data: capped like everywhere else (text/caps.ts) before parsing.
  const trimmed = capUrl(url).trim()
  // A plain http(s) URL before its query string (most visited URLs): host and path without the URL parser.
  const plain = plainHttpParts(trimmed)
  if (plain !== undefined) {
    // Host and path are adjacent in the text: one slice of it (no joined string to hash and compare).
    const hostStart = plain.protocol.length + 2
    const from = plain.hostname.startsWith("www.") ? hostStart + 4 : hostStart
    const pathStart = hostStart + plain.hostname.length
    let end = pathStart + plain.pathname.length
    while (end > pathStart && trimmed.charCodeAt(end - 1) === 47) end--
    return trimmed.slice(from, end)
  }
  try {
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`)
    const path = trimSlashes(parsed.pathname)
    return `${stripWww(parsed.hostname.toLowerCase())}${path}`
  } catch {
    const withoutScheme = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
    const [beforeQuery = ""] = withoutScheme.split(/[?#]/)
    const slash = beforeQuery.indexOf("/")
    const host = slash === -1 ? beforeQuery : beforeQuery.slice(0, slash)
    const path = slash === -1 ? "" : beforeQuery.slice(slash)
    return `${stripWww(host.toLowerCase())}${trimSlashes(path)}`
  }
}
