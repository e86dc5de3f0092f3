/**
 * Turns a model's answer into items while it streams: text goes in as it
 * arrives (any chunk boundary), items come out as soon as the lines that
 * make them up are complete. Lists may be numbered ("1." "1)"), bulleted,
 * or markdown headings ("### 1. Title"); links markdown or bare, http(s)
 * only; Korean and English labels. A "Sources:"/"출처:" block (Perplexity's
 * citations, src/layers/LlmOpenAi.ts renderSources) gives citation items.
 *
 * Cost: each delta is scanned once for line ends; a line is classified once
 * when it completes; an entry is turned into an item once, when it closes.
 * Nothing re-scans the answer, and every scan is linear in its line.
 */
import type { CatalogItem } from "../catalog/item.js"
import { normalizeUrl } from "../catalog/url.js"
import { type FoundLink, findLinks } from "./links.js"
import { type ItemSource, linkItemId, type RecommendedItem, type UngroundedLinks } from "./item.js"

export interface ItemParserOptions {
  /** The grounding candidates the model was given: a link to one of them takes its id and categories. */
  readonly candidates: ReadonlyArray<CatalogItem>
  readonly ungroundedLinks: UngroundedLinks
}

/** An item, and where in the pushed text it became complete (just after the newline that completed it). */
export interface CompletedItem {
  readonly item: RecommendedItem
  readonly end: number
}

export interface ItemParser {
  /** Feeds the next piece of text; returns the items it completed, in order. */
  readonly push: (text: string) => ReadonlyArray<RecommendedItem>
  /** The same, with where in `text` each item was completed. */
  readonly pushAt: (text: string) => ReadonlyArray<CompletedItem>
  /** The answer ended: returns the items still open. */
  readonly end: () => ReadonlyArray<RecommendedItem>
}

/** Longer lines are cut before they are parsed, so one line's cost is bounded. */
const maxLineLength = 2_000
const maxTitleLength = 200
const maxReasonLength = 400

type Kind = "numbered" | "bullet" | "heading"
/** "section": a heading without a number ("## Tutorials"), which groups items rather than being one. */
type LineKind = Kind | "section"

interface Entry {
  readonly kind: Kind
  readonly indent: number
  readonly citation: boolean
  /** The entry's first line without its marker. */
  readonly head: string
  /** Later lines, without indentation or bullet markers. */
  readonly rest: Array<string>
  hasLink: boolean
}

interface Classified {
  readonly kind: LineKind | undefined
  readonly indent: number
  /** The line without indentation and marker. */
  readonly body: string
}

const isSpace = (c: string | undefined) => c === " " || c === "\t"
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9"
const bullets = new Set(["-", "*", "•", "+", "·", "‣", "◦"])

/** Indentation, then a heading, number or bullet marker (followed by a space), read by hand. */
const classify = (line: string): Classified => {
  let i = 0
  while (isSpace(line[i])) i++
  const indent = i
  let heading = false
  if (line[i] === "#") {
    let j = i
    while (line[j] === "#" && j - i < 6) j++
    if (isSpace(line[j])) {
      heading = true
      i = j
      while (isSpace(line[i])) i++
    }
  }
  // "**1. Title**": bold around a numbered title.
  const boldStart = line.startsWith("**", i) && isDigit(line[i + 2]) ? i + 2 : i
  let j = boldStart
  while (isDigit(line[j]) && j - boldStart < 3) j++
  if (j > boldStart && (line[j] === "." || line[j] === ")") && (isSpace(line[j + 1]) || j + 1 === line.length)) {
    const body = (boldStart > i ? "**" : "") + line.slice(j + 1).trimStart()
    return { kind: heading ? "heading" : "numbered", indent, body }
  }
  if (heading) return { kind: "section", indent, body: line.slice(i) }
  if (bullets.has(line[i]!) && isSpace(line[i + 1])) {
    return { kind: "bullet", indent, body: line.slice(i + 2).trimStart() }
  }
  return { kind: undefined, indent, body: line.slice(i) }
}

const sourcesHeadings = new Set(["sources", "source", "출처", "참고", "참고 자료", "참고자료", "references", "citations"])

/** "Sources:", "**출처**", "## References": the start of a citation block. */
const isSourcesHeading = (line: string): boolean => {
  let text = line.trim()
  while (text.startsWith("#")) text = text.slice(1)
  text = stripEmphasis(text).trim()
  if (text.endsWith(":") || text.endsWith("：")) text = text.slice(0, -1).trim()
  return sourcesHeadings.has(text.toLowerCase())
}

const stripEmphasis = (text: string): string => text.replaceAll("**", "").replaceAll("__", "").replaceAll("`", "")

// Labels models put before the parts of an item ("Link:", "추천 이유:"): dropped from title and reason.
const linkLabels = ["link", "links", "url", "website", "site", "링크", "주소", "바로가기", "사이트"]
const reasonLabels = [
  "why", "reason", "why it fits", "why it's relevant", "description", "summary", "about",
  "추천 이유", "이유", "설명", "요약", "소개", "추천 포인트"
]

/** Splits "Label: text" when the label is one of `labels` (case-insensitive); else undefined. */
const afterLabel = (text: string, labels: ReadonlyArray<string>): string | undefined => {
  const colon = text.indexOf(":")
  const wide = text.indexOf("：")
  const at = colon === -1 ? wide : wide === -1 ? colon : Math.min(colon, wide)
  if (at === -1 || at > 30) return undefined
  const label = stripEmphasis(text.slice(0, at)).trim().toLowerCase()
  return labels.includes(label) ? stripEmphasis(text.slice(at + 1)).trim() : undefined
}

/**
 * The line with its links taken out (with the parentheses around a bare one):
 * markdown links keep their text when `keepText` and it is more than the URL.
 */
const withoutLinks = (line: string, links: ReadonlyArray<FoundLink>, keepText: boolean): string => {
  let out = ""
  let from = 0
  for (const link of links) {
    const wrapped = link.start > from && line[link.start - 1] === "(" && line[link.end] === ")"
    out += line.slice(from, wrapped ? link.start - 1 : link.start)
    if (keepText && link.text !== undefined && !link.text.startsWith("http")) out += link.text
    from = wrapped ? link.end + 1 : link.end
  }
  return out + line.slice(from)
}

// Where a title ends and the description starts, in order of preference.
const separators = [" — ", " – ", " - ", ": ", "： ", " | "]

const trimSeparators = (text: string): string => {
  let start = 0
  let end = text.length
  const junk = (c: string) => c === " " || c === "—" || c === "–" || c === "-" || c === ":" || c === "|" || c === "(" || c === ")" || c === "：" || c === "→"
  while (start < end && junk(text[start]!)) start++
  while (end > start && junk(text[end - 1]!)) end--
  return text.slice(start, end)
}

/** A title keeps no separators around it nor a full stop after it ("백준 (url)." → "백준"). */
const trimTitle = (text: string): string => {
  let title = trimSeparators(text)
  while (title.endsWith(".") || title.endsWith("。")) title = trimSeparators(title.slice(0, -1))
  return title
}

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim()

const cap = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`)

/** Title and the start of the reason from the entry's first line (links already taken out). */
const splitHead = (head: string): { title: string; reason: string } => {
  const text = oneLine(head)
  // "**Title**: description": bold marks the title (which may itself hold a colon).
  if (text.startsWith("**")) {
    const close = text.indexOf("**", 2)
    if (close > 2) {
      return { title: trimTitle(text.slice(2, close)), reason: trimSeparators(stripEmphasis(text.slice(close + 2))) }
    }
  }
  for (const separator of separators) {
    const at = text.indexOf(separator)
    if (at > 0) {
      return {
        title: trimTitle(stripEmphasis(text.slice(0, at))),
        reason: trimSeparators(stripEmphasis(text.slice(at + separator.length)))
      }
    }
  }
  return { title: trimTitle(stripEmphasis(text)), reason: "" }
}

export const makeItemParser = (options: ItemParserOptions): ItemParser => {
  const byUrl = new Map<string, CatalogItem>()
  for (const candidate of options.candidates) {
    const key = normalizeUrl(candidate.url)
    if (!byUrl.has(key)) byUrl.set(key, candidate)
  }
  const emitted = new Set<string>()
  let position = 0
  let partial = ""
  let listKind: Kind | undefined
  let listIndent = 0
  let current: Entry | undefined
  let inSources = false
  let blankBefore = false

  const toItem = (entry: Entry): RecommendedItem | undefined => {
    const headLinks = findLinks(entry.head)
    const restLinks = entry.rest.map(findLinks)
    const link = headLinks[0] ?? restLinks.find((links) => links.length > 0)?.[0]
    if (link === undefined) return undefined
    const { title: headTitle, reason: headReason } = splitHead(withoutLinks(entry.head, headLinks, true))
    const reasons = headReason === "" ? [] : [headReason]
    entry.rest.forEach((line, i) => {
      const links = restLinks[i]!
      // A line that is only a link ("Link: url", "[Visit](url)") is not part of the reason.
      if (links.length > 0) {
        const rest = stripEmphasis(oneLine(withoutLinks(line, links, false)))
        if (trimSeparators(rest) === "" || afterLabel(`${rest} `, linkLabels) === "") return
      }
      const text = oneLine(withoutLinks(line, links, true))
      const reason = afterLabel(text, reasonLabels) ?? trimSeparators(stripEmphasis(text))
      if (reason !== "") reasons.push(reason)
    })
    const title = headTitle !== "" ? headTitle : (link.text !== undefined && !link.text.startsWith("http") ? link.text : "")
    const grounded = byUrl.get(normalizeUrl(link.url))
    if (grounded === undefined && !entry.citation && options.ungroundedLinks === "drop") return undefined
    const id = grounded?.id ?? linkItemId(link.url)
    if (emitted.has(id)) return undefined
    emitted.add(id)
    const source: ItemSource = entry.citation
      ? "citation"
      : grounded !== undefined
      ? "catalog"
      : options.ungroundedLinks === "keep"
      ? ""
      : "model"
    return {
      id,
      url: link.url,
      title: cap(title === "" ? (grounded?.title ?? link.url) : title, maxTitleLength),
      reason: cap(reasons.join(" "), maxReasonLength),
      categories: grounded?.categories ?? [],
      format: grounded?.format ?? "",
      language: grounded?.language ?? "",
      source,
      position: ++position
    }
  }

  const close = (out: Array<RecommendedItem>) => {
    if (current === undefined) return
    const item = current.hasLink ? toItem(current) : undefined
    current = undefined
    if (item !== undefined) out.push(item)
  }

  const open = (line: { readonly kind: Kind; readonly indent: number; readonly body: string }, citation: boolean) => {
    current = { kind: line.kind, indent: line.indent, citation, head: line.body, rest: [], hasLink: line.body.includes("http") }
  }

  const continueWith = (text: string) => {
    if (current === undefined) return
    current.rest.push(text)
    if (text.includes("http")) current.hasLink = true
  }

  const onLine = (raw: string, out: Array<RecommendedItem>) => {
    const line = (raw.endsWith("\r") ? raw.slice(0, -1) : raw).slice(0, maxLineLength)
    if (line.trim() === "") {
      blankBefore = true
      return
    }
    const afterBlank = blankBefore
    blankBefore = false
    if (isSourcesHeading(line)) {
      close(out)
      inSources = true
      return
    }
    const classified = classify(line)
    if (inSources) {
      // One citation per line: "1. Title — url", "- url", "[1] url".
      close(out)
      if (classified.kind !== undefined && classified.kind !== "section") open({ ...classified, kind: "numbered" }, true)
      else if (line.includes("http")) open({ kind: "numbered", indent: 0, body: classified.body }, true)
      return
    }
    if (classified.kind === "section") {
      // "## Tutorials": a new section; the list inside it may be of any kind.
      close(out)
      listKind = undefined
      return
    }
    const kind = classified.kind
    if (kind !== undefined) {
      if (listKind === undefined) {
        listKind = kind
        listIndent = classified.indent
      }
      if (kind === listKind && classified.indent <= listIndent + 1) {
        close(out)
        open({ ...classified, kind }, false)
      } else {
        // A marker of another kind or deeper: a part of the current item ("- Link: ...").
        continueWith(classified.body)
      }
      return
    }
    // A plain line at the list's own indentation after a blank line is text after the list
    // (a closing remark), not part of the item; under a heading item it is the item's paragraph.
    if (current !== undefined && current.kind !== "heading" && classified.indent <= listIndent && afterBlank) {
      close(out)
      return
    }
    continueWith(classified.body)
  }

  const pushAt = (text: string): ReadonlyArray<CompletedItem> => {
    const out: Array<RecommendedItem> = []
    let completed: Array<CompletedItem> | undefined
    let from = 0
    for (;;) {
      const newline = text.indexOf("\n", from)
      if (newline === -1) break
      onLine(partial + text.slice(from, newline), out)
      partial = ""
      from = newline + 1
      // Most lines complete nothing: no allocation for them.
      while (out.length > (completed?.length ?? 0)) (completed ??= []).push({ item: out[completed.length]!, end: from })
    }
    // A line longer than any we parse need not grow further.
    if (partial.length < maxLineLength) partial += text.slice(from)
    return completed ?? []
  }

  return {
    pushAt,
    push: (text) => pushAt(text).map(({ item }) => item),
    end: () => {
      const out: Array<RecommendedItem> = []
      if (partial !== "") onLine(partial, out)
      partial = ""
      close(out)
      return out
    }
  }
}
