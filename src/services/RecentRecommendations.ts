/**
 * What was recommended under each recent recommendation id (its provider and
 * content type), so that feedback, which only carries the id, can be counted
 * per provider and content type.
 */
import { Context, type Effect, type Option } from "effect"

export interface RecommendationFacts {
  readonly provider: string
  /** The bounded content-type label (see `contentTypeLabel`). */
  readonly contentType: string
  /** The items shown, so item feedback can be checked against them (absent: an answer without items). */
  readonly items?: ReadonlyArray<ShownItem>
  /** The segment the answer was ranked for (src/domain/learning/segment.ts), which item feedback teaches. */
  readonly segment?: string
}

/** What is remembered of one item shown: plain data, so any store can keep it. */
export interface ShownItem {
  readonly id: string
  readonly position: number
  readonly source: string
}

export interface RecentRecommendationsService {
  readonly remember: (recommendationId: string, facts: RecommendationFacts) => Effect.Effect<void>
  /** None when the id was never seen here, or has expired or been evicted. */
  readonly lookup: (recommendationId: string) => Effect.Effect<Option.Option<RecommendationFacts>>
}

export class RecentRecommendations
  extends Context.Tag("llm-worker-rec/RecentRecommendations")<RecentRecommendations, RecentRecommendationsService>()
{}
