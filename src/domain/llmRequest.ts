/**
 * What a text generator is given for one recommendation: a domain value, so
 * that the prompt builder and the content hashes need no service.
 */
import type { Option } from "effect"
import type { Analysis, SanitizedView } from "./analysis/types.js"
import type { CatalogItem } from "./catalog/item.js"
import type { ContentPeriod, ContentType } from "./request.js"

export interface LlmRequest {
  readonly analysis: Analysis
  /** The only browsing data that may reach a third party. */
  readonly view: SanitizedView
  readonly contentType: ContentType
  readonly period: ContentPeriod
  /** Catalog items to ground the answer in (empty when grounding is off). */
  readonly candidates: ReadonlyArray<CatalogItem>
  /** Epoch milliseconds at which the caller's deadline passes, if it set one. */
  readonly deadline: Option.Option<number>
}
