/**
 * Perplexity's extras on the OpenAI-compatible API: the recency filter it
 * takes for a content period, and the sources (search results or citations)
 * its chunks carry, rendered after the answer.
 */
import { capText } from "../../domain/prompt.js"
import type { ContentPeriod } from "../../domain/request.js"

/** Perplexity's recency filter for a period; none for "any". */
export const searchRecencyFilter = (period: ContentPeriod): "day" | "week" | "month" | "year" | undefined => {
  switch (period) {
    case "any":
      return undefined
    case "recent":
      return "week"
    default:
      return period
  }
}


export interface Source {
  readonly url: string
  readonly title: string | undefined
}

export const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text)
    return url.protocol === "https:" || url.protocol === "http:"
  } catch {
    return false
  }
}

const maxSources = 10

/** `search_results` (with titles) when the chunk has them, else `citations` (URLs). */
export const sourcesOf = (chunk: unknown): ReadonlyArray<Source> => {
  if (chunk === null || typeof chunk !== "object") return []
  const record = chunk as { readonly search_results?: unknown; readonly citations?: unknown }
  const out: Array<Source> = []
  if (Array.isArray(record.search_results)) {
    for (const result of record.search_results as ReadonlyArray<unknown>) {
      if (result === null || typeof result !== "object") continue
      const { url, title } = result as { readonly url?: unknown; readonly title?: unknown }
      if (typeof url !== "string" || !isHttpUrl(url)) continue
      out.push({ url, title: typeof title === "string" && title.trim() !== "" ? capText(title, 120) : undefined })
    }
  }
  if (out.length === 0 && Array.isArray(record.citations)) {
    for (const url of record.citations as ReadonlyArray<unknown>) {
      if (typeof url === "string" && isHttpUrl(url)) out.push({ url, title: undefined })
    }
  }
  const seen = new Set<string>()
  return out.filter((s) => !seen.has(s.url) && (seen.add(s.url), true)).slice(0, maxSources)
}

/** The sources as a short numbered list, headed in the answer's language. */
export const renderSources = (sources: ReadonlyArray<Source>, language: string): string => {
  if (sources.length === 0) return ""
  const heading = language === "ko" ? "출처:" : "Sources:"
  const lines = sources.map((s, i) => `${i + 1}. ${s.title === undefined ? s.url : `${s.title} — ${s.url}`}`)
  return `\n\n${heading}\n${lines.join("\n")}`
}

