/**
 * Links in one line of a model's answer: markdown links `[text](url)` and
 * bare URLs, http(s) only. A hand-written scan (one pass, no backtracking
 * patterns) because the line is model output and must cost linear time.
 */

export interface FoundLink {
  readonly url: string
  /** The markdown link's text, when the link was written as one. */
  readonly text: string | undefined
  /** Where the link (with its markdown brackets) starts and ends in the line. */
  readonly start: number
  readonly end: number
}

// Characters that end a bare URL. Non-ASCII letters do not: Korean wiki paths are written raw.
const stops = new Set([" ", "\t", "\n", "\r", "<", ">", "\"", "'", "`", "[", "]", "{", "}", "|", "\\", "^", "　"])
// Trailing characters that belong to the sentence, not the URL.
const trailing = new Set([".", ",", ";", ":", "!", "?", "*", "_", "~", "。", "、", "，", "”", "’"])

const startsWithScheme = (line: string, at: number): number => {
  if (line.startsWith("https://", at)) return 8
  if (line.startsWith("http://", at)) return 7
  return 0
}

/** The end of a bare URL starting at `at` (exclusive), trailing punctuation and unbalanced ")" left out. */
const urlEnd = (line: string, at: number): number => {
  let end = at
  let open = 0
  while (end < line.length) {
    const c = line[end]!
    if (stops.has(c)) break
    if (c === "(") open++
    else if (c === ")") {
      if (open === 0) break
      open--
    }
    end++
  }
  while (end > at && trailing.has(line[end - 1]!)) end--
  return end
}

const isHttpUrl = (text: string): boolean => {
  if (!URL.canParse(text)) return false
  const url = new URL(text)
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.includes(".")
}

/** Every http(s) link of the line, in order. */
export const findLinks = (line: string): Array<FoundLink> => {
  const links: Array<FoundLink> = []
  let from = 0
  for (;;) {
    const at = line.indexOf("http", from)
    if (at === -1) return links
    const scheme = startsWithScheme(line, at)
    if (scheme === 0 || at + scheme >= line.length) {
      from = at + 4
      continue
    }
    // A markdown link: "[text](" right before the URL.
    if (at >= 2 && line[at - 1] === "(" && line[at - 2] === "]") {
      const open = line.lastIndexOf("[", at - 2)
      const close = line.indexOf(")", at)
      if (open !== -1 && close !== -1) {
        const url = line.slice(at, close).trim()
        if (isHttpUrl(url)) links.push({ url, text: line.slice(open + 1, at - 2).trim(), start: open, end: close + 1 })
        from = close + 1
        continue
      }
    }
    const end = urlEnd(line, at)
    const url = line.slice(at, end)
    if (end > at + scheme && isHttpUrl(url)) {
      // "<https://...>" autolinks keep their brackets out of the text around them.
      const start = at > 0 && line[at - 1] === "<" ? at - 1 : at
      const after = end < line.length && line[end] === ">" ? end + 1 : end
      links.push({ url, text: undefined, start, end: after })
    }
    from = Math.max(end, at + scheme)
  }
}
