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
import { countMetric, feedbackEvents } from "../metrics/definitions.js"
import { RecentRecommendations } from "../services/RecentRecommendations.js"

export const recordFeedback = (
  raw: RawFeedbackRequest,
  userPseudonym: (userId: string) => string | undefined
): Effect.Effect<{ readonly known_recommendation: boolean }, InvalidArgument, RecentRecommendations> =>
  Effect.gen(function*() {
    const feedback = yield* parseFeedbackRequest(raw)
    const recent = yield* RecentRecommendations
    const facts = yield* recent.lookup(feedback.recommendationId)
    const { contentType, provider } = Option.getOrElse(facts, () => ({ provider: "unknown", contentType: "unknown" }))
    yield* countMetric(feedbackEvents, { event: feedback.event, provider, content_type: contentType })
    yield* Effect.logInfo("feedback recorded").pipe(
      Effect.annotateLogs({
        recommendation_id: feedback.recommendationId,
        event: feedback.event,
        provider,
        content_type: contentType,
        known: Option.isSome(facts),
        has_url: feedback.clickedUrl !== undefined,
        user: feedback.userId === undefined ? undefined : userPseudonym(feedback.userId)
      })
    )
    return { known_recommendation: Option.isSome(facts) }
  })
