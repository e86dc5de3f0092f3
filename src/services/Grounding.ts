/** Real links to ground an LLM's answer in (the catalog's best candidates), or none. */
import { Context, type Effect } from "effect"
import type { Analysis } from "../domain/analysis/types.js"
import type { CatalogItem } from "../domain/catalog/item.js"
import type { RecommendInput } from "../domain/request.js"

export interface GroundingService {
  readonly candidates: (analysis: Analysis, input: RecommendInput) => Effect.Effect<ReadonlyArray<CatalogItem>>
}

export class Grounding extends Context.Tag("llm-worker-rec/Grounding")<Grounding, GroundingService>() {}
