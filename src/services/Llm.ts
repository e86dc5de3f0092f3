/**
 * The text generator behind a recommendation: an LLM provider, the chain of
 * them with failover, or the embedded catalog recommender.
 */
import { Context, type Option, type Stream } from "effect"
import type { Analysis, SanitizedView } from "../domain/analysis/types.js"
import type { CatalogItem } from "../domain/catalog/item.js"
import type { RecommendedItem } from "../domain/items/item.js"
import type { ProviderFailure, ProvidersUnavailable } from "../domain/errors.js"
import type { ContentPeriod, ContentType } from "../domain/request.js"

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

export interface LlmChunk {
  readonly text: string
  /** The provider that produced this text (one per call: a chain never mixes them). */
  readonly provider: string
  /**
   * The item this chunk's text completes (the embedded recommender sets it;
   * for LLM text, src/pipeline/items.ts does). A chunk completes at most one:
   * further items ride on chunks with empty text.
   */
  readonly item?: RecommendedItem
}

export interface LlmService {
  readonly stream: (request: LlmRequest) => Stream.Stream<LlmChunk, ProviderFailure | ProvidersUnavailable>
}

export class Llm extends Context.Tag("llm-worker-rec/Llm")<Llm, LlmService>() {}
