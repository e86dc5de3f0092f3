/**
 * The RecordFeedback handler: authenticates the caller, then records the
 * feedback (src/pipeline/feedback.ts, shared with the HTTP edge).
 */
import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js"
import { Effect, Exit } from "effect"
import { callsHandled, countMetric } from "../metrics/definitions.js"
import { recordFeedback } from "../pipeline/feedback.js"
import { admittedCaller } from "./authenticate.js"
import { statusName, type UserPseudonym } from "./callContext.js"
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
    yield* admittedCaller(call.metadata)
    return yield* recordFeedback(call.request, userPseudonym)
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
