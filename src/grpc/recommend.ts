/**
 * The Recommend handler: runs the pipeline as a fiber per call, writes its
 * chunks then the final message, and ends the call with the status of the
 * outcome. A cancel or deadline interrupts the fiber, which aborts upstream work.
 */
import type { ServerWritableStream } from "@grpc/grpc-js"
import { Effect, Exit, Fiber, Option, Stream } from "effect"
import { randomUUID } from "node:crypto"
import { recommend, type PipelineServices } from "../pipeline/recommend.js"
import { writeStream } from "./bridge.js"
import type { RecommendRequest__Output } from "./generated/recommendation/RecommendRequest.js"
import type { RecommendResponse } from "./generated/recommendation/RecommendResponse.js"
import { finalMessageContent } from "./proto.js"
import { internalError, toGrpcStatus } from "./status.js"

export type RecommendCall = ServerWritableStream<RecommendRequest__Output, RecommendResponse>

type RunFork = <A, E>(effect: Effect.Effect<A, E, PipelineServices>) => Fiber.RuntimeFiber<A, E>

const deadlineOf = (call: RecommendCall): Option.Option<number> => {
  const deadline = call.getDeadline()
  const ms = deadline instanceof Date ? deadline.getTime() : deadline
  return Number.isFinite(ms) ? Option.some(ms) : Option.none()
}

/** The call's messages: the pipeline's chunks, then exactly one final message. */
const responses = (call: RecommendCall, recommendationId: string) => {
  let sequence = 0
  let provider = ""
  const chunks = recommend({ request: call.request, deadline: deadlineOf(call) }).pipe(
    Stream.map((chunk): RecommendResponse => {
      provider = chunk.provider
      return { content: chunk.text, is_final: "false", sequence: sequence++, recommendation_id: recommendationId, provider }
    })
  )
  const final = Stream.sync((): RecommendResponse => ({
    content: finalMessageContent,
    is_final: "true",
    sequence: sequence++,
    recommendation_id: recommendationId,
    provider
  }))
  return Stream.concat(chunks, final)
}

export const makeRecommendHandler = (runFork: RunFork) => (call: RecommendCall): void => {
  const recommendationId = randomUUID()
  const program = writeStream(call, responses(call, recommendationId)).pipe(
    Effect.onExit((exit) =>
      Effect.suspend(() => {
        if (Exit.isSuccess(exit)) {
          call.end()
          return Effect.void
        }
        const deadlinePassed = Option.exists(deadlineOf(call), (ms) => Date.now() >= ms)
        const status = toGrpcStatus(exit.cause, deadlinePassed)
        if (!call.cancelled) call.emit("error", status)
        return status === internalError
          ? Effect.logError("recommendation failed with a defect", exit.cause)
          : Effect.logDebug("recommendation ended", { code: status.code })
      })
    ),
    Effect.annotateLogs("recommendation_id", recommendationId),
    Effect.withSpan("Recommend")
  )
  const fiber = runFork(program)
  // grpc-js also emits 'cancelled' when a call ends normally: only interrupt a running fiber.
  const interrupt = () => {
    if (fiber.unsafePoll() === null) fiber.unsafeInterruptAsFork(fiber.id())
  }
  if (call.cancelled) interrupt()
  else call.once("cancelled", interrupt)
}
