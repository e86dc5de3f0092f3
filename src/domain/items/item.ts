/**
 * One recommendation of an answer as data: what a client renders as a card
 * and reports feedback on. Plain serializable data (it is remembered with the
 * recommendation's facts and may be stored in Redis).
 */
import { Schema } from "effect"
import { createHash } from "node:crypto"
import { normalizeUrl } from "../catalog/url.js"

/**
 * Where the item comes from: a catalog item (picked by the embedded
 * recommender or a grounding candidate the model linked to), a link the model
 * wrote on its own, or a provider's citation. "" when UNGROUNDED_LINKS=keep
 * leaves a model's own link unmarked.
 */
export type ItemSource = "catalog" | "model" | "citation" | ""

export interface RecommendedItem {
  readonly id: string
  readonly url: string
  readonly title: string
  readonly reason: string
  /** IAB Content Taxonomy 3.1 ids; empty for links outside the catalog. */
  readonly categories: ReadonlyArray<string>
  /** Catalog format; "" for links outside the catalog. */
  readonly format: string
  /** ISO 639-1; "" for links outside the catalog. */
  readonly language: string
  readonly source: ItemSource
  /** 1-based position in the answer. */
  readonly position: number
}

/** The item as stored data (response cache, remembered recommendations). */
export const RecommendedItemSchema: Schema.Schema<RecommendedItem> = Schema.Struct({
  id: Schema.String,
  url: Schema.String,
  title: Schema.String,
  reason: Schema.String,
  categories: Schema.Array(Schema.String),
  format: Schema.String,
  language: Schema.String,
  source: Schema.Literal("catalog", "model", "citation", ""),
  position: Schema.Number
})

/** What to do with a link the model wrote that is not a grounding candidate. */
export type UngroundedLinks = "keep" | "mark" | "drop"
export const ungroundedLinksModes: ReadonlyArray<UngroundedLinks> = ["keep", "mark", "drop"]
export const defaultUngroundedLinks: UngroundedLinks = "mark"

/**
 * The id of a link outside the catalog: a short hash of its normalized URL,
 * so the same page gets the same id in every answer (and feedback on it adds
 * up), whatever scheme, "www." or tracking parameters the model wrote.
 */
export const linkItemId = (url: string): string =>
  `u-${createHash("sha256").update(normalizeUrl(url), "utf8").digest("hex").slice(0, 16)}`
