/**
 * The interest profile the analysis makes of a browser context: what the LLM
 * and the catalog recommender are given instead of the raw browsing data.
 */

/** How a piece of content is consumed; shared by content preferences and catalog items. */
export const contentFormats = [
  "article", "video", "course", "documentation", "repository", "podcast", "news", "book", "tool",
  "qa", "forum", "shopping"
] as const
export type ContentFormat = (typeof contentFormats)[number]

export type TopicSource = "host" | "path" | "title" | "query"

export interface Topic {
  /** Normalized (NFKC, lower-case) keyword, in the language it was written in. */
  readonly term: string
  /** Evidence weight, normalized so the strongest topic is 1. */
  readonly weight: number
  readonly sources: ReadonlyArray<TopicSource>
}

/** A category of the taxonomy (IAB Tech Lab Content Taxonomy 3.1) with a score in [0, 1]. */
export interface Interest {
  /** The taxonomy's stable Unique ID, e.g. "597" (Artificial Intelligence). */
  readonly id: string
  readonly name: string
  /** Tier names from the root, e.g. ["Technology & Computing", "Artificial Intelligence"]. */
  readonly path: ReadonlyArray<string>
  readonly score: number
}

export type BehaviorLabel =
  | "cold start"
  | "focused deep reader"
  | "researcher"
  | "broad skimmer"
  | "casual browser"

export interface TimeOfDayProfile {
  /** Shares of visits (sum 1) by UTC hour band of `visited_at`: 0-6, 6-12, 12-18, 18-24 (the context carries no time zone). */
  readonly night: number
  readonly morning: number
  readonly afternoon: number
  readonly evening: number
}

export interface BehaviorPattern {
  readonly visits: number
  readonly searches: number
  readonly sessions: number
  /** Mean visits per session. */
  readonly averageSessionDepth: number
  readonly totalDwellSeconds: number
  readonly medianDwellSeconds: number
  /** 1 - normalized entropy of dwell time over hosts: 1 = one host, 0 = spread evenly. */
  readonly focus: number
  readonly searchToVisitRatio: number
  /** Present only when the visits carry timestamps. */
  readonly timeOfDay: TimeOfDayProfile | undefined
  readonly label: BehaviorLabel
}

export type TechnicalDepth = "none" | "beginner" | "intermediate" | "advanced"

export interface ContentPreferences {
  /** Formats by share of evidence, strongest first. */
  readonly formats: ReadonlyArray<{ readonly format: ContentFormat; readonly score: number }>
  /** ISO 639-1 codes of titles and queries by share, strongest first. */
  readonly languages: ReadonlyArray<{ readonly language: string; readonly share: number }>
  /** The language to answer in ("en" when nothing tells). */
  readonly primaryLanguage: string
  readonly technicalDepth: TechnicalDepth
}

export interface Analysis {
  readonly topics: ReadonlyArray<Topic>
  readonly interests: ReadonlyArray<Interest>
  readonly behaviorPattern: BehaviorPattern
  readonly contentPreferences: ContentPreferences
}

/** What may leave the process about a context: no query strings, ids, emails or raw user id. */
export interface SanitizedSite {
  /** Scheme, host and path with id-like segments removed; no query string or fragment. */
  readonly url: string
  readonly host: string
  /** Masked (emails, phone numbers) and capped title, when there was one. */
  readonly title: string | undefined
}

export interface SanitizedView {
  /** A keyed pseudonym (HMAC) of the user id, or undefined when no secret is configured. */
  readonly userPseudonym: string | undefined
  readonly sites: ReadonlyArray<SanitizedSite>
  readonly queries: ReadonlyArray<string>
}
