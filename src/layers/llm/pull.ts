/**
 * A provider's answer as a pull in the caller's scope, with no stream of its
 * own: what the chain (LlmChain.ts) reads providers through, so that a call
 * runs one stream executor at the edge instead of one per provider, chain and
 * pipeline stage (each 0.1-0.45 ms per call, docs/PERFORMANCE.md).
 */
import { type Chunk, Effect, type Option, type Scope, Stream } from "effect"
import type { ProviderFailure, ProvidersUnavailable } from "../../domain/errors.js"
import type { LlmChunk, LlmRequest, LlmService } from "../../services/Llm.js"

/** The next chunks (possibly empty: pull again), the end (`None`) or a failure (`Some`). */
export type Pull<E> = Effect.Effect<Chunk.Chunk<LlmChunk>, Option.Option<E>>

/** Opens one answer: its request starts here and is closed with the scope. */
export type Open<E> = (request: LlmRequest) => Effect.Effect<Pull<E>, E, Scope.Scope>

export interface PullableLlm extends LlmService {
  readonly open: Open<ProviderFailure | ProvidersUnavailable>
}

export const isPullable = (service: LlmService): service is PullableLlm =>
  typeof (service as Partial<PullableLlm>).open === "function"

/** The `LlmService` of an `open`: one stream stage over the pull, in a scope of its own. */
export const pullable = <E extends ProviderFailure | ProvidersUnavailable>(open: Open<E>): PullableLlm => ({
  open,
  stream: (request) => Stream.unwrapScoped(Effect.map(open(request), (pull) => Stream.repeatEffectChunkOption(pull)))
})
