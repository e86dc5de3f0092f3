/**
 * The application's services, composed once for every way the pipeline runs:
 * the gRPC server (main.ts) and in-process batch replays (cli/replay.ts).
 * Only the provider layer differs between them (replays may record or serve
 * the providers from cassettes), so it is the one parameter.
 */
import { Layer } from "effect"
import { CacheLive } from "./layers/Cache.js"
import { LlmResponseCacheLive } from "./layers/CacheResponses.js"
import { CatalogLive } from "./layers/Catalog.js"
import { ConfigLive } from "./layers/Config.js"
import { GroundingLive } from "./layers/Grounding.js"
import { ItemStatsLive } from "./layers/ItemStats.js"
import { LlmLive } from "./layers/LlmChain.js"
import type { Cache } from "./services/Cache.js"
import type { Catalog } from "./services/Catalog.js"
import type { Llm } from "./services/Llm.js"

export interface PipelineOptions {
  /**
   * Whether RESPONSE_CACHE is honoured (default true). Recording turns it off
   * so that every answer goes through the providers and into a cassette.
   */
  readonly responseCache?: boolean
}

/** Everything `recommend` needs, from the environment, around the given providers. */
export const pipelineLayer = <E>(providers: Layer.Layer<Llm, E, Catalog | Cache>, options: PipelineOptions = {}) => {
  const llm = options.responseCache === false ? providers : Layer.provide(LlmResponseCacheLive, providers)
  // ItemStats is merged in (not only provided) so the feedback handler records into the same store the ranking reads.
  return Layer.mergeAll(llm, GroundingLive, ConfigLive).pipe(
    Layer.provideMerge(ItemStatsLive),
    Layer.provideMerge(CacheLive),
    Layer.provide(CatalogLive)
  )
}

/** The production pipeline: the configured provider chain, the cache and the catalog. */
export const PipelineLive = pipelineLayer(LlmLive)
