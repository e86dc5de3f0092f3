/**
 * The text generator behind a recommendation: an LLM provider, the chain of
 * them with failover, or the embedded catalog recommender.
 */
import { type Chunk, Context, Effect, type Option, type Scope, Stream } from "effect"
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

/** The next chunks (possibly empty: pull again), the end (`None`) or a failure (`Some`). */
export type Pull<E> = Effect.Effect<Chunk.Chunk<LlmChunk>, Option.Option<E>>

/** Opens one answer: its request starts here and is closed with the scope. */
export type Open<E> = (request: LlmRequest) => Effect.Effect<Pull<E>, E, Scope.Scope>

export interface LlmService {
  readonly stream: (request: LlmRequest) => Stream.Stream<LlmChunk, ProviderFailure | ProvidersUnavailable>
  /**
   * The same answer as a pull in the caller's scope, with no stream of its
   * own, where the service offers one (the providers and the chain do; a
   * stream stage costs every call 0.1-0.45 ms, docs/PERFORMANCE.md).
   */
  readonly open?: Open<ProviderFailure | ProvidersUnavailable>
}

export class Llm extends Context.Tag("llm-worker-rec/Llm")<Llm, LlmService>() {}

/** An answer as a pull, whichever way the service offers it. */
export const openAnswer = (
  service: LlmService,
  request: LlmRequest
): Effect.Effect<Pull<ProviderFailure | ProvidersUnavailable>, ProviderFailure | ProvidersUnavailable, Scope.Scope> =>
  service.open !== undefined ? service.open(request) : Stream.toPull(service.stream(request))
