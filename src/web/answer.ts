/**
 * One recommendation for a browser: takes one of the caller's stream slots,
 * runs the transport-free pipeline, and turns its outcome into events that
 * never fail (a failure is the last event, `error`). Before the terminal
 * event goes out the call is booked (metrics, the id remembered for
 * feedback, one log line), so a client that posts feedback or scrapes
 * /metrics right after `done` finds it. A client that goes away interrupts
 * the stream, which aborts the upstream request, and is booked as CANCELLED.
 */
import { Cause, Chunk, Clock, Effect, FiberId, Metric, Option, Stream } from "effect"
import { randomUUID } from "node:crypto"
import { parseContentType, type RawRecommendRequest } from "../domain/request.js"
import { type UserPseudonym } from "../grpc/callContext.js"
import { finalMessageContent } from "../grpc/proto.js"
import { toGrpcStatus } from "../grpc/status.js"
import { contentTypeLabel, streamsInFlight, withTransportScoped } from "../metrics/definitions.js"
import { type CallOutcome, logCall, newTally, recordCall, tallyAnalysis, tallyPiece } from "../pipeline/callRecord.js"
import { type PipelineServices, recommend } from "../pipeline/recommend.js"
import { AccessControl, type Caller } from "../services/AccessControl.js"
import { RateLimiter } from "../services/RateLimiter.js"
import type { RecentRecommendations } from "../services/RecentRecommendations.js"
import { chunkEvents, errorEvent, type RecommendationEvent } from "./events.js"
import { type CallFailure, callFailure, fromGrpcStatus } from "./httpStatus.js"

export type EdgeServices = PipelineServices | AccessControl | RateLimiter | RecentRecommendations

export interface AnswerCall {
  readonly request: RawRecommendRequest
  readonly caller: Caller
  /** Epoch milliseconds after which the answer is cut short with DEADLINE_EXCEEDED. */
  readonly deadline: Option.Option<number>
  readonly userPseudonym: UserPseudonym
  /** The `transport` label of the call's metrics. */
  readonly transport: "http" | "websocket"
}

/** Thrown into the stream when the caller's deadline passes; the status table reads it as DEADLINE_EXCEEDED. */
const deadlineInterrupt = Effect.failCause(Cause.interrupt(FiberId.none))

const cancelled = fromGrpcStatus(toGrpcStatus(Cause.interrupt(FiberId.none), false))

export const answerEvents = (call: AnswerCall): Stream.Stream<RecommendationEvent, never, EdgeServices> =>
  Stream.unwrapScoped(Effect.gen(function*() {
    const recommendationId = randomUUID()
    const contentType = contentTypeLabel(parseContentType(call.request.content_type))
    yield* Effect.annotateLogsScoped({ recommendation_id: recommendationId, transport: call.transport })
    yield* withTransportScoped(call.transport)
    const startedAt = yield* Clock.currentTimeMillis
    const access = yield* AccessControl
    const limiter = yield* RateLimiter
    const tally = newTally()
    let booked = false

    const book = (failure: CallFailure | undefined, cause: Cause.Cause<unknown> | undefined) =>
      Effect.gen(function*() {
        if (booked) return
        booked = true
        const outcome: CallOutcome = {
          recommendationId,
          contentType,
          startedAt,
          code: failure?.code ?? "OK",
          defect: cause !== undefined && failure?.code === "INTERNAL" ? cause : undefined,
          user: () => call.userPseudonym(call.request.user_id),
          keyId: call.caller.keyId
        }
        yield* logCall(tally, outcome, yield* recordCall(tally, outcome))
      })
    // The client went away (or the server is stopping) before a terminal event.
    yield* Effect.addFinalizer(() => book(cancelled, undefined))

    let sequence = 0
    const pieces = recommend({ request: call.request, deadline: call.deadline, onAnalysis: tallyAnalysis(tally) }).pipe(
      Stream.mapChunksEffect((chunk) =>
        Effect.map(Clock.currentTimeMillis, (now) =>
          Chunk.flatMap(chunk, (piece) => {
            tallyPiece(tally, piece, now)
            const events = chunkEvents(piece, sequence)
            if (piece.text !== "") sequence++
            return Chunk.fromIterable(events)
          }))
      )
    )
    // The slot and the in-flight gauge are held while the pipeline runs.
    const admitted = limiter.admit(call.caller.keyId).pipe(
      Effect.zipRight(access.holdStream(call.caller)),
      Effect.zipRight(Effect.acquireRelease(Metric.increment(streamsInFlight), () => Metric.incrementBy(streamsInFlight, -1)))
    )
    const body = Stream.unwrapScoped(Effect.as(admitted, pieces))
    const bounded = Option.match(call.deadline, {
      onNone: () => body,
      onSome: (deadline) =>
        Stream.interruptWhen(
          body,
          Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sleep(Math.max(0, deadline - now))).pipe(
            Effect.zipRight(deadlineInterrupt)
          )
        )
    })
    const done = Stream.fromEffect(Effect.suspend(() => {
      const event: RecommendationEvent = {
        event: "done",
        data: { content: finalMessageContent, recommendation_id: recommendationId, provider: tally.provider }
      }
      return Effect.as(book(undefined, undefined), event)
    }))
    return Stream.concat(bounded, done).pipe(
      Stream.catchAllCause((cause) =>
        Stream.fromEffect(Effect.gen(function*() {
          const now = yield* Clock.currentTimeMillis
          const deadlinePassed = Option.exists(call.deadline, (ms) => now >= ms)
          const failure = callFailure(cause, deadlinePassed)
          yield* book(failure, cause)
          return errorEvent(failure)
        }))
      ),
      Stream.withSpan("Recommend", { attributes: { "recommendation.id": recommendationId, transport: call.transport } })
    )
  }))
