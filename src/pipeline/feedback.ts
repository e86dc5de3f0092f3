/**
 * RecordFeedback, transport-free: what a user did with a recommendation
 * (impression, click, dismiss) becomes a counter labelled by the provider and
 * content type of that recommendation, so click-through per provider and
 * content type can be computed from /metrics. The clicked URL is only checked,
 * never kept or logged: a link can identify a user.
 */
import { Effect, Option } from "effect"
import type { InvalidArgument } from "../domain/errors.js"
import { parseFeedbackRequest, type RawFeedbackRequest } from "../domain/feedback.js"
import { interpretFeedback } from "../domain/items/feedback.js"
import { countMetric, feedbackEvents } from "../metrics/definitions.js"
import { ItemStats } from "../services/ItemStats.js"
import { RecentRecommendations } from "../services/RecentRecommendations.js"

export const recordFeedback = (
  raw: RawFeedbackRequest,
  userPseudonym: (userId: string) => string | undefined
): Effect.Effect<{ readonly known_recommendation: boolean }, InvalidArgument, RecentRecommendations> =>
  Effect.gen(function*() {
    const feedback = yield* parseFeedbackRequest(raw)
    const recent = yield* RecentRecommendations
    const facts = yield* recent.lookup(feedback.recommendationId)
    const { labels, lesson } = interpretFeedback(feedback, facts)
    // An item's event counts once per recommendation (a repeated click moves nothing); without ItemStats it is not learned.
    const stats = yield* Effect.serviceOption(ItemStats)
    const first = lesson === undefined || Option.isNone(stats)
      ? true
      : yield* stats.value.record({ recommendationId: feedback.recommendationId, ...lesson })
    if (first) yield* countMetric(feedbackEvents, labels)
    yield* Effect.logInfo("feedback recorded").pipe(
      Effect.annotateLogs({
        recommendation_id: feedback.recommendationId,
        event: feedback.event,
        provider: labels.provider,
        content_type: labels.content_type,
        source: labels.source,
        position: labels.position,
        repeated: !first,
        known: Option.isSome(facts),
        has_url: feedback.clickedUrl !== undefined,
        user: feedback.userId === undefined ? undefined : userPseudonym(feedback.userId)
      })
    )
    return { known_recommendation: Option.isSome(facts) }
  })
