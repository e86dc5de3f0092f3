/**
 * A provider's answer as a pull in the caller's scope, with no stream of its
 * own (`Open`, services/Llm.ts): what the chain (LlmChain.ts) and the
 * pipeline read providers through, so that a call runs no stream executor
 * per provider, chain and pipeline stage (each 0.1-0.45 ms per call,
 * docs/PERFORMANCE.md).
 */
import { Effect, Stream } from "effect"
import type { ProviderFailure, ProvidersUnavailable } from "../../domain/errors.js"
import type { LlmService, Open } from "../../services/Llm.js"

export type { Open, Pull } from "../../services/Llm.js"

export interface PullableLlm extends LlmService {
  readonly open: Open<ProviderFailure | ProvidersUnavailable>
}

/** The `LlmService` of an `open`: its stream is one stage over the pull, in a scope of its own. */
export const pullable = <E extends ProviderFailure | ProvidersUnavailable>(open: Open<E>): PullableLlm => ({
  open,
  stream: (request) => Stream.unwrapScoped(Effect.map(open(request), (pull) => Stream.repeatEffectChunkOption(pull)))
})
