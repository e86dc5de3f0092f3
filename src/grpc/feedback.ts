/**
 * The RecordFeedback handler: what a user did with a recommendation
 * (impression, click, dismiss) becomes a counter labelled by the provider and
 * content type of that recommendation, so click-through per provider and
 * content type can be computed from /metrics. The clicked URL is only checked,
 * never kept or logged: a link can identify a user.
 */
import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js"
import { Effect, Exit, Option } from "effect"
import { parseFeedbackRequest } from "../domain/feedback.js"
import { interpretFeedback } from "../domain/items/feedback.js"
import { callsHandled, countMetric, feedbackEvents } from "../metrics/definitions.js"
import { AccessControl } from "../services/AccessControl.js"
import { ItemStats } from "../services/ItemStats.js"
import { RecentRecommendations } from "../services/RecentRecommendations.js"
import { presentedHeaders, statusName, type UserPseudonym } from "./callContext.js"
import type { FeedbackRequest__Output } from "./generated/recommendation/FeedbackRequest.js"
import type { FeedbackResponse } from "./generated/recommendation/FeedbackResponse.js"
import type { RunFork } from "./recommend.js"
import { internalError, toGrpcStatus } from "./status.js"

export type FeedbackCall = ServerUnaryCall<FeedbackRequest__Output, FeedbackResponse>

export const makeFeedbackHandler = (runFork: RunFork, userPseudonym: UserPseudonym) =>
(
  call: FeedbackCall,
  callback: sendUnaryData<FeedbackResponse>
): void => {
  const program = Effect.gen(function*() {
    const access = yield* AccessControl
    yield* access.authenticate(presentedHeaders(call.metadata))
    const feedback = yield* parseFeedbackRequest(call.request)
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
  }).pipe(
    Effect.onExit((exit) =>
      Effect.gen(function*() {
        // Counted before the caller hears the outcome, so a scrape right after it sees this call.
        if (Exit.isSuccess(exit)) {
          yield* countMetric(callsHandled, { grpc_method: "RecordFeedback", grpc_code: "OK" })
          callback(null, exit.value)
          return
        }
        const status = toGrpcStatus(exit.cause, false)
        yield* countMetric(callsHandled, { grpc_method: "RecordFeedback", grpc_code: statusName(status.code) })
        if (!call.cancelled) callback(status)
        if (status === internalError) yield* Effect.logError("feedback failed with a defect", exit.cause)
      })
    ),
    Effect.withSpan("RecordFeedback")
  )
  runFork(program)
}
