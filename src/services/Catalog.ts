/**
 * The content catalog: ranked recommendations for the embedded recommender,
 * and candidate items to ground an LLM's answer in real links. Methods are
 * synchronous and pure (the index is built when the Layer is); time comes in
 * with the query.
 */
import { Context } from "effect"
import type { CatalogItem } from "../domain/catalog/item.js"
import type { RecommendQuery } from "../domain/catalog/query.js"
import type { RankedItem } from "../domain/catalog/rank.js"

export interface CatalogService {
  /** Number of items in the catalog. */
  readonly size: number
  /** Between 1 and k (default 5) diversified items, unless every item is excluded. */
  readonly recommend: (query: RecommendQuery) => ReadonlyArray<RankedItem>
  /** The best `limit` items (default 10) for an LLM prompt, best first. */
  readonly candidates: (query: RecommendQuery & { readonly limit?: number }) => ReadonlyArray<CatalogItem>
}

export class Catalog extends Context.Tag("llm-worker-rec/Catalog")<Catalog, CatalogService>() {}
