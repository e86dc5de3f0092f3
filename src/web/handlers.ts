/**
 * The browser API's handlers. Every one authenticates the caller from the
 * headers before it reads the body, and answers a failure with the status
 * derived from the gRPC status table. A recommendation is peeked at before
 * the response starts: a failure found before the first event (bad input, no
 * stream slot, every provider down) is a plain HTTP answer; once the stream
 * has started, a failure is its last event.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Cause, Chunk, Effect, Exit, Scope, Stream } from "effect"
import { decodeBrowserContext } from "../domain/context.js"
import { parseUserId } from "../domain/request.js"
import type { RecommendError } from "../domain/errors.js"
import { callsHandled, countMetric, withTransport } from "../metrics/definitions.js"
import { cachedAnalysis } from "../pipeline/cachedAnalysis.js"
import { recordFeedback } from "../pipeline/feedback.js"
import { AccessControl } from "../services/AccessControl.js"
import { WorkerConfig } from "../services/WorkerConfig.js"
import { answerEvents, type EdgeServices } from "./answer.js"
import { AnalyzeBody, BrowserApi, FeedbackBody, RecommendBody } from "./api.js"
import { sseFrame } from "./events.js"
import { callFailure } from "./httpStatus.js"
import { bodyAllowance, contextText, deadlineOf, rawRecommendRequest, errorResponse, presentedHeaders, readJsonBody } from "./requests.js"
import { recommendSocket, type SocketOptions } from "./socket.js"

export type HandlerOptions = SocketOptions

const authenticate = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.flatMap(AccessControl, (access) => access.authenticate(presentedHeaders(request)))

/** Answers a unary call: its value as JSON, or its failure with the derived status; counted per method. */
const unary = <A, R>(method: string, program: Effect.Effect<A, RecommendError, R>) =>
  program.pipe(
    Effect.map((value) => HttpServerResponse.unsafeJson(value)),
    Effect.catchAllCause((cause) => {
      const failure = callFailure(cause, false)
      const logged = failure.code === "INTERNAL" ? Effect.logError(`${method} failed with a defect`, cause) : Effect.void
      return Effect.as(logged, errorResponse(failure)).pipe(
        Effect.tap(() => countMetric(callsHandled, { grpc_method: method, grpc_code: failure.code }))
      )
    }),
    Effect.tap((response) =>
      response.status === 200 ? countMetric(callsHandled, { grpc_method: method, grpc_code: "OK" }) : Effect.void
    ),
    withTransport("http")
  )

const encoder = new TextEncoder()

const sseHeaders = {
  "cache-control": "no-cache",
  // Proxies such as nginx would otherwise buffer the stream and deliver it all at once.
  "x-accel-buffering": "no"
}

const recommendSse = (request: HttpServerRequest.HttpServerRequest, options: HandlerOptions) =>
  Effect.gen(function*() {
    const caller = yield* authenticate(request)
    const { limits } = yield* WorkerConfig
    const body = yield* readJsonBody(request, RecommendBody, limits.maxBytes + bodyAllowance)
    const deadline = yield* deadlineOf(request)
    const events = answerEvents({
      request: rawRecommendRequest(body),
      caller,
      deadline,
      userPseudonym: options.userPseudonym,
      transport: "http"
    })
    // The stream outlives this handler (the server writes it after we return), so it gets its own scope.
    const scope = yield* Scope.make()
    const close = Scope.close(scope, Exit.void)
    const pull = yield* Scope.extend(Stream.toPull(events), scope)
    const first = yield* pull.pipe(Effect.onInterrupt(() => close), Effect.catchAll(() => Effect.succeed(Chunk.empty())))
    const head = Chunk.head(first)
    if (head._tag === "Some" && head.value.event === "error") {
      yield* close
      return errorResponse(head.value.failure)
    }
    const services = yield* Effect.context<EdgeServices>()
    const rest = Stream.repeatEffectChunkOption(Effect.provide(pull, services))
    return HttpServerResponse.stream(
      Stream.concat(Stream.fromChunk(first), rest).pipe(
        // One write per batch of events the pipeline produced together, not one per event.
        Stream.mapChunks((events) => Chunk.of(encoder.encode(Chunk.join(Chunk.map(events, sseFrame), "")))),
        Stream.ensuring(close)
      ),
      { contentType: "text/event-stream; charset=utf-8", headers: sseHeaders }
    )
  }).pipe(
    Effect.catchAll((error) =>
      countMetric(callsHandled, { grpc_method: "Recommend", grpc_code: callFailure(Cause.fail(error), false).code }).pipe(
        Effect.as(errorResponse(callFailure(Cause.fail(error), false))),
        withTransport("http")
      )
    )
  )

export const handlerLayers = (options: HandlerOptions) => {
  const recommendations = HttpApiBuilder.group(BrowserApi, "recommendations", (handlers) =>
    handlers
      .handleRaw("recommend", ({ request }) => recommendSse(request, options))
      .handleRaw("recommendSocket", ({ request }) => recommendSocket(request, options)))

  const analysis = HttpApiBuilder.group(BrowserApi, "analysis", (handlers) =>
    handlers.handleRaw("analyze", ({ request }) =>
      unary(
        "Analyze",
        Effect.gen(function*() {
          yield* authenticate(request)
          const { limits } = yield* WorkerConfig
          const body = yield* readJsonBody(request, AnalyzeBody, limits.maxBytes + bodyAllowance)
          const userId = body.user_id === undefined || body.user_id === "" ? "" : yield* parseUserId(body.user_id)
          const context = yield* decodeBrowserContext(contextText(body.browser_context), limits)
          return yield* cachedAnalysis(context, userId)
        })
      )))

  const feedback = HttpApiBuilder.group(BrowserApi, "feedback", (handlers) =>
    handlers.handleRaw("feedback", ({ request }) =>
      unary(
        "RecordFeedback",
        Effect.gen(function*() {
          yield* authenticate(request)
          const body = yield* readJsonBody(request, FeedbackBody, bodyAllowance)
          return yield* recordFeedback(
            {
              recommendation_id: body.recommendation_id ?? "",
              event: body.event ?? "",
              clicked_url: body.clicked_url ?? "",
              user_id: body.user_id ?? "",
              ...(body.item_id === undefined ? {} : { item_id: body.item_id }),
              ...(body.position === undefined ? {} : { position: body.position })
            },
            options.userPseudonym
          )
        })
      )))

  return { recommendations, analysis, feedback }
}
