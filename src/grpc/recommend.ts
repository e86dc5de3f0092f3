/**
 * The Recommend handler: runs the pipeline as a fiber per call, writes its
 * chunks then the final message, and ends the call with the status of the
 * outcome. A cancel or deadline interrupts the fiber, which aborts upstream work.
 *
 * Before the pipeline starts the caller (already authenticated: authenticate.ts)
 * is counted against its key's request rate and takes one of its key's stream
 * slots; when the call ends, its metrics are recorded, its provider and
 * content type are remembered for feedback, and one log line sums it up
 * (pseudonymous user, no keys, no URLs or titles).
 */
import { Metadata, type ServerWritableStream } from "@grpc/grpc-js"
import { Clock, Effect, Exit, type Fiber, Option } from "effect"
import { randomUUID } from "node:crypto"
import type { RecommendedItem } from "../domain/items/item.js"
import { parseContentType } from "../domain/request.js"
import { contentTypeLabel, trackInFlight } from "../metrics/definitions.js"
import { type CallOutcome, type CallTally, logCall, newTally, recordCall, tallyAnalysis, tallyPiece } from "../pipeline/callRecord.js"
import { openRecommendation, type PipelineServices } from "../pipeline/recommend.js"
import { AccessControl } from "../services/AccessControl.js"
import type { LlmChunk } from "../services/Llm.js"
import { RateLimiter } from "../services/RateLimiter.js"
import type { RecentRecommendations } from "../services/RecentRecommendations.js"
import { admittedCaller } from "./authenticate.js"
import { writeMessage, writePull } from "./bridge.js"
import { statusName, type UserPseudonym } from "./callContext.js"
import { toWireItem } from "./items.js"
import type { RecommendRequest__Output } from "./generated/recommendation/RecommendRequest.js"
import type { RecommendResponse } from "./generated/recommendation/RecommendResponse.js"
import { finalMessageContent } from "./proto.js"
import { internalError, toGrpcStatus } from "./status.js"

export type RecommendCall = ServerWritableStream<RecommendRequest__Output, RecommendResponse>

/** What the gRPC handlers run with: the pipeline's services and the edge's own. */
export type HandlerServices = PipelineServices | AccessControl | RateLimiter | RecentRecommendations

export type RunFork = <A, E>(effect: Effect.Effect<A, E, HandlerServices>) => Fiber.RuntimeFiber<A, E>

/** The response header that carries the id feedback refers to. */
export const recommendationIdHeader = "x-recommendation-id"

const deadlineOf = (call: RecommendCall): Option.Option<number> => {
  const deadline = call.getDeadline()
  const ms = deadline instanceof Date ? deadline.getTime() : deadline
  return Number.isFinite(ms) ? Option.some(ms) : Option.none()
}

/**
 * Writes the call's messages: the pipeline's chunks, then exactly one final
 * message. An item completed only by the answer's end (a chunk with no text)
 * is held and goes out on the final message, so old clients see no empty
 * message; only when the end completes two items does the first have one of
 * its own.
 */
const respond = (call: RecommendCall, recommendationId: string, tally: CallTally) =>
  Effect.flatMap(Effect.clock, (clock) => {
    let sequence = 0
    let heldItem: RecommendedItem | undefined
    const message = (content: string, provider: string, item: RecommendedItem | undefined): RecommendResponse => ({
      content,
      is_final: "false",
      sequence: sequence++,
      recommendation_id: recommendationId,
      provider,
      ...(item === undefined ? {} : { item: toWireItem(item) })
    })
    const toMessages = (piece: LlmChunk, write: (message: RecommendResponse) => void) => {
      tallyPiece(tally, piece, clock.unsafeCurrentTimeMillis())
      if (heldItem !== undefined) write(message("", piece.provider, heldItem))
      heldItem = undefined
      if (piece.text === "" && piece.item !== undefined) {
        heldItem = piece.item
        return
      }
      write(message(piece.text, piece.provider, piece.item))
    }
    const answer = openRecommendation({ request: call.request, deadline: deadlineOf(call), onAnalysis: tallyAnalysis(tally) })
    return Effect.zipRight(
      Effect.flatMap(answer, (pull) => writePull(call, pull, toMessages)),
      Effect.suspend(() =>
        writeMessage(call, {
          content: finalMessageContent,
          is_final: "true",
          sequence: sequence++,
          recommendation_id: recommendationId,
          provider: tally.provider,
          ...(heldItem === undefined ? {} : { item: toWireItem(heldItem) })
        })
      )
    )
  })

export const makeRecommendHandler = (runFork: RunFork, userPseudonym: UserPseudonym) => (call: RecommendCall): void => {
  const recommendationId = randomUUID()
  const tally = newTally()
  const contentType = contentTypeLabel(parseContentType(call.request.content_type))
  let keyId: string | undefined

  const serve = Effect.gen(function*() {
    const access = yield* AccessControl
    const caller = yield* admittedCaller(call.metadata)
    keyId = caller.keyId
    yield* Effect.flatMap(RateLimiter, (limiter) => limiter.admit(caller.keyId))
    yield* access.holdStream(caller)
    yield* Effect.sync(() => {
      const metadata = new Metadata()
      metadata.set(recommendationIdHeader, recommendationId)
      call.sendMetadata(metadata)
    })
    yield* trackInFlight(respond(call, recommendationId, tally)).pipe(
      Effect.withSpan("Recommend.stream", { captureStackTrace: false })
    )
  }).pipe(Effect.scoped)

  const program = Effect.flatMap(Clock.currentTimeMillis, (startedAt) =>
    serve.pipe(
      Effect.onExit((exit) =>
        Effect.gen(function*() {
          const deadlinePassed = Option.exists(deadlineOf(call), (ms) => Date.now() >= ms)
          const status = Exit.isSuccess(exit) ? undefined : toGrpcStatus(exit.cause, deadlinePassed)
          const outcome: CallOutcome = {
            recommendationId,
            contentType,
            startedAt,
            code: status === undefined ? "OK" : statusName(status.code),
            defect: Exit.isFailure(exit) && status === internalError ? exit.cause : undefined,
            user: () => userPseudonym(call.request.user_id),
            keyId
          }
          const finishedAt = yield* recordCall(tally, outcome)
          if (status === undefined) call.end()
          else if (!call.cancelled) call.emit("error", status)
          yield* logCall(tally, outcome, finishedAt)
        })
      )
    ))

  const fiber = runFork(program.pipe(
    Effect.annotateLogs("recommendation_id", recommendationId),
    Effect.withSpan("Recommend", { attributes: { "recommendation.id": recommendationId }, captureStackTrace: false })
  ))
  // grpc-js also emits 'cancelled' when a call ends normally: only interrupt a running fiber.
  const interrupt = () => {
    if (fiber.unsafePoll() === null) fiber.unsafeInterruptAsFork(fiber.id())
  }
  if (call.cancelled) interrupt()
  else call.once("cancelled", interrupt)
}
