/**
 * Page titles without their site-name boilerplate: "python - How do I sort a
 * dict? - Stack Overflow" → "python - How do I sort a dict?", "GitHub -
 * effect-ts/effect: ..." → "effect-ts/effect: ...", "김치찌개 : 네이버 블로그"
 * → "김치찌개". A part is boilerplate when it is the site's name (from the
 * host table) or the host's own label ("velog", "10000recipe"), at either
 * end of the title.
 */
const separator = /\s+[-|:·—–»›]\s+|\s*\|\s*|\s+::\s+/u

/** Lower case without spaces, so "Stack Overflow" and "stackoverflow" meet. */
const ascii = /^[\x00-\x7f]*$/
export const compactName = (name: string): string =>
  (ascii.test(name) ? name : name.normalize("NFKC")).toLowerCase().replace(/[\s.!]+/gu, "")

/** Site names stand at either end of a title ("GitHub - x", "x - Stack Overflow"): only the ends are checked. */
export const stripSiteNames = (title: string, siteNames: ReadonlySet<string>): string => {
  const parts = title.split(separator)
  if (parts.length === 1) return siteNames.has(compactName(title)) ? "" : title
  const last = parts.length - 1
  const keepFirst = !siteNames.has(compactName(parts[0] as string))
  const keepLast = !siteNames.has(compactName(parts[last] as string))
  if (keepFirst && keepLast) return parts.join(" ")
  return parts.filter((_, i) => (i === 0 ? keepFirst : i === last ? keepLast : true)).join(" ")
}
