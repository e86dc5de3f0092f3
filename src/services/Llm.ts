/**
 * The text generator behind a recommendation: an LLM provider, the chain of
 * them with failover, or the embedded catalog recommender.
 */
import { Context, type Stream } from "effect"
import type { RecommendedItem } from "../domain/items/item.js"
import type { ProviderFailure, ProvidersUnavailable } from "../domain/errors.js"
import type { LlmRequest } from "../domain/llmRequest.js"

// The request is a domain type; re-exported so that importers of the service need not change.
export type { LlmRequest } from "../domain/llmRequest.js"

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
