/**
 * Page titles without their site-name boilerplate: "python - How do I sort a
 * dict? - Stack Overflow" → "python - How do I sort a dict?", "GitHub -
 * effect-ts/effect: ..." → "effect-ts/effect: ...", "김치찌개 : 네이버 블로그"
 * → "김치찌개". A part is boilerplate when it is the site's name (from the
 * host table) or the host's own label ("velog", "10000recipe"), at either
 * end of the title.
 */
const isSpace = (code: number): boolean =>
  code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a) ||
  code === 0x1680 || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0xfeff

/** Characters that separate a title's parts when spaces stand on both sides of them. */
const spacedSeparators = new Set(["-", "|", ":", "·", "—", "–", "»", "›"])

/**
 * The parts of a title between separators: " - ", " | " (also "|" without
 * spaces), " : ", " · ", " — ", " – ", " » ", " › " and " :: ". One scan
 * (the regex this replaces, \s+[-|:]\s+, backtracked quadratically over a
 * long run of spaces).
 */
export const splitTitle = (title: string): Array<string> => {
  const parts: Array<string> = []
  let partStart = 0
  let i = 0
  const n = title.length
  while (i < n) {
    const code = title.charCodeAt(i)
    if (code === 124 /* | */) {
      let from = i
      while (from > partStart && isSpace(title.charCodeAt(from - 1))) from--
      let to = i + 1
      while (to < n && isSpace(title.charCodeAt(to))) to++
      parts.push(title.slice(partStart, from))
      partStart = to
      i = to
      continue
    }
    if (!isSpace(code)) {
      i++
      continue
    }
    let end = i
    while (end < n && isSpace(title.charCodeAt(end))) end++
    const width = title.startsWith("::", end) ? 2 : spacedSeparators.has(title.charAt(end)) ? 1 : 0
    if (width > 0 && end + width < n && isSpace(title.charCodeAt(end + width))) {
      let to = end + width
      while (to < n && isSpace(title.charCodeAt(to))) to++
      parts.push(title.slice(partStart, i))
      partStart = to
      i = to
      continue
    }
    i = end
  }
  parts.push(title.slice(partStart))
  return parts
}

/** Lower case without spaces, so "Stack Overflow" and "stackoverflow" meet. */
const ascii = /^[\x00-\x7f]*$/
export const compactName = (name: string): string =>
  (ascii.test(name) ? name : name.normalize("NFKC")).toLowerCase().replace(/[\s.!]+/gu, "")

/** Site names stand at either end of a title ("GitHub - x", "x - Stack Overflow"): only the ends are checked. */
export const stripSiteNames = (title: string, siteNames: ReadonlySet<string>): string => {
  const parts = splitTitle(title)
  if (parts.length === 1) return siteNames.has(compactName(title)) ? "" : title
  const last = parts.length - 1
  const keepFirst = !siteNames.has(compactName(parts[0] as string))
  const keepLast = !siteNames.has(compactName(parts[last] as string))
  if (keepFirst && keepLast) return parts.join(" ")
  return parts.filter((_, i) => (i === 0 ? keepFirst : i === last ? keepLast : true)).join(" ")
}
