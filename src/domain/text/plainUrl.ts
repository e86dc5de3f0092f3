/**
 * URLs that need no URL parser: an http(s) URL whose host and path are
 * already in the form the WHATWG parser gives back. Most visited URLs and
 * every URL of the sanitized view are such; the analysis, the sanitizer,
 * grounding and the prompt each read a URL's host and path several times per
 * call, and `new URL` was the larger part of that. Anything not recognised
 * here goes through the parser as before (test/domain/fastpaths.test.ts holds
 * this to the parser).
 */

const isHexDigit = (code: number): boolean =>
  (code >= 48 && code <= 57) || ((code | 0x20) >= 97 && (code | 0x20) <= 102)

/** Path characters that URL serialization leaves as they are: letters, digits and - . _ ~ ! $ & ( ) * + , ; = : @ / */
const plainPathChars = new Uint8Array(128)
for (let code = 0; code < 128; code++) {
  plainPathChars[code] = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) ||
      (code >= 36 && code <= 59 && code !== 37 && code !== 39) || code === 33 || code === 61 || code === 64 || code === 95 ||
      code === 126
    ? 1
    : 0
}
const isPlainPathChar = (code: number): boolean => code < 128 && plainPathChars[code] === 1

/**
 * Whether `new URL(url).toString()` is `url` itself with nothing to remove:
 * http(s), a lower-case ASCII host name whose last label starts with a letter
 * (no IP address, no IDN "xn--" label, no port, no user), and a path of
 * characters serialization keeps, with no "." or ".." segment and no "%"
 * but before two hex digits (not "%2e", a dot). The sanitized view's URLs are
 * such, and so are most visited URLs before their query string; anything
 * else goes through the URL parser.
 */
export const isPlainHttpUrl = (url: string): boolean => isPlainUpTo(url, url.length)

/** `isPlainHttpUrl` of `url.slice(0, end)`, without the slice. */
const isPlainUpTo = (url: string, end: number): boolean => {
  const start = url.startsWith("https://") ? 8 : url.startsWith("http://") ? 7 : -1
  if (start === -1) return false
  let i = start
  let labelStart = i
  for (; i < end; i++) {
    const code = url.charCodeAt(i)
    if (code === 47) break
    if (code === 46) {
      if (i === labelStart) return false
      labelStart = i + 1
      continue
    }
    if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45)) return false
    if (i === labelStart && code === 120 && url.startsWith("xn--", i)) return false
  }
  // A host, a last label that starts with a letter (not a number, so no IPv4 rules), then the path's "/".
  if (i >= end || i === labelStart) return false
  const first = url.charCodeAt(labelStart)
  if (!(first >= 97 && first <= 122)) return false
  let segmentStart = i + 1
  for (i = segmentStart; i <= end; i++) {
    if (i === end || url.charCodeAt(i) === 47) {
      const length = i - segmentStart
      if ((length === 1 && url.charCodeAt(segmentStart) === 46) || (length === 2 && url.startsWith("..", segmentStart))) return false
      segmentStart = i + 1
      continue
    }
    const code = url.charCodeAt(i)
    if (code === 37) {
      if (i + 2 >= end) return false
      if (!(isHexDigit(url.charCodeAt(i + 1)) && isHexDigit(url.charCodeAt(i + 2)))) return false
      if (url.charCodeAt(i + 1) === 50 && (url.charCodeAt(i + 2) | 0x20) === 101) return false
      continue
    }
    if (!isPlainPathChar(code)) return false
  }
  return true
}

export interface PlainHttpParts {
  readonly protocol: "https:" | "http:"
  /** The host name, as the parser gives it. */
  readonly hostname: string
  /** The path, as the parser's `pathname` gives it. */
  readonly pathname: string
}

/**
 * Protocol, host name and path of a URL whose part before any "?" or "#" is
 * a plain http(s) URL (`isPlainHttpUrl`): what `new URL(url)` would give for
 * them, without parsing. Undefined for anything else (parse it).
 */
export const plainHttpParts = (url: string): PlainHttpParts | undefined => {
  let cut = url.length
  for (let i = 0; i < url.length; i++) {
    const code = url.charCodeAt(i)
    if (code === 63 || code === 35) {
      cut = i
      break
    }
  }
  if (!isPlainUpTo(url, cut)) return undefined
  const secure = url.charCodeAt(4) === 115 // "https://"
  const hostStart = secure ? 8 : 7
  const slash = url.indexOf("/", hostStart)
  return { protocol: secure ? "https:" : "http:", hostname: url.slice(hostStart, slash), pathname: url.slice(slash, cut) }
}
