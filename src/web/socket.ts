/**
 * GET /v1/recommendations/ws: recommendations over a WebSocket. Each text
 * message is a request; the answer comes back as the same events as over
 * SSE, one JSON message each. A new request replaces the answer in progress
 * (a new context means the old answer is stale). Closing the socket
 * interrupts the answer, which aborts the upstream request.
 *
 * Browsers cannot set headers on a WebSocket, so besides the usual headers
 * the key may come as a `Sec-WebSocket-Protocol` value (offer
 * `llm-worker-rec` first, so that is the one the server echoes back) or as
 * `api_key` in the first message; never in the URL. A page from another
 * origin may connect only if HTTP_CORS_ORIGINS lists it (browsers do not
 * apply CORS to WebSockets, so this check is the server's to make).
 */
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Socket from "@effect/platform/Socket"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import { status as Status } from "@grpc/grpc-js"
import { Cause, Effect, FiberHandle, Option, Stream } from "effect"
import { presentedKey } from "../domain/apiKeys.js"
import { InvalidArgument, type RecommendError } from "../domain/errors.js"
import type { UserPseudonym } from "../grpc/callContext.js"
import { AccessControl, type Caller } from "../services/AccessControl.js"
import { WorkerConfig } from "../services/WorkerConfig.js"
import { answerEvents } from "./answer.js"
import { RecommendBody } from "./api.js"
import { errorEvent, type RecommendationEvent, socketMessage } from "./events.js"
import { callFailure, fromGrpcStatus } from "./httpStatus.js"
import { bodyAllowance, decodeBody, rawRecommendRequest, errorResponse, parseJsonText, presentedHeaders } from "./requests.js"

export interface SocketOptions {
  readonly userPseudonym: UserPseudonym
  readonly corsOrigins: ReadonlyArray<string>
}

/** The subprotocol the playground offers first, so the key (offered second) is never echoed back. */
export const socketProtocol = "llm-worker-rec"

/** Same origin (the playground itself), or one on the allow-list; requests without Origin are not from a browser page. */
const originAllowed = (request: HttpServerRequest.HttpServerRequest, allowed: ReadonlyArray<string>): boolean => {
  const origin = request.headers["origin"]
  if (origin === undefined || allowed.includes(origin)) return true
  const host = request.headers["host"]
  return URL.canParse(origin) && host !== undefined && new URL(origin).host === host
}

const offeredProtocols = (request: HttpServerRequest.HttpServerRequest): ReadonlyArray<string> =>
  (request.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim()).filter((p) => p !== "")

const apiKeyIn = (value: unknown): string | undefined =>
  typeof value === "object" && value !== null && "api_key" in value && typeof value.api_key === "string"
    ? value.api_key
    : undefined

const failureEvent = (error: RecommendError): RecommendationEvent => errorEvent(callFailure(Cause.fail(error), false))

/** WebSocket framing around one message: headers and a fragmented message's extra frames. */
const frameAllowance = 1_024

/**
 * The WebSocket server under @effect/platform buffers a message of up to 100
 * MiB before we see it, and a caller may not have shown a key yet. So the
 * raw bytes that arrive without completing a message are counted: past one
 * request's worth the connection is dropped, and memory per socket stays
 * bounded by a request, as on every other path.
 */
const guardMessageSize = (raw: NodeJS.EventEmitter & { destroy: () => void }, maxUnread: number) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      let unread = 0
      const count = (chunk: Buffer) => {
        unread += chunk.length
        if (unread > maxUnread) raw.destroy()
      }
      raw.on("data", count)
      return { count, reset: () => (unread = 0) }
    }),
    ({ count }) => Effect.sync(() => raw.off("data", count))
  ).pipe(Effect.map(({ reset }) => reset))

export const recommendSocket = (request: HttpServerRequest.HttpServerRequest, options: SocketOptions) =>
  Effect.gen(function*() {
    if (!originAllowed(request, options.corsOrigins)) {
      return errorResponse(fromGrpcStatus({
        code: Status.PERMISSION_DENIED,
        details: "Pages from this origin may not open a WebSocket here (see HTTP_CORS_ORIGINS)."
      }))
    }
    const access = yield* AccessControl
    const { limits } = yield* WorkerConfig
    const maxBytes = limits.maxBytes + bodyAllowance
    const fromHeaders = presentedHeaders(request)
    const protocolKey = offeredProtocols(request).find((p) => p !== socketProtocol)
    const presented = presentedKey(fromHeaders) !== undefined
      ? fromHeaders
      : { authorization: undefined, apiKey: protocolKey }
    // A key presented on the upgrade is checked before it; without one, the first message must carry it.
    let caller: Caller | undefined
    if (!access.enforced || presentedKey(presented) !== undefined) {
      const admitted = yield* Effect.either(access.authenticate(presented))
      if (admitted._tag === "Left") return errorResponse(callFailure(Cause.fail(admitted.left), false))
      caller = admitted.right
    }

    const socket = yield* request.upgrade
    const resetUnread = yield* guardMessageSize(NodeHttpServerRequest.toIncomingMessage(request).socket, maxBytes + frameAllowance)
    const write = yield* socket.writer
    const send = (event: RecommendationEvent) => Effect.ignore(write(socketMessage(event)))
    const answers = yield* FiberHandle.make<void, never>()
    // Messages are handled one at a time, in order, so a later request always replaces an earlier one.
    const inOrder = yield* Effect.makeSemaphore(1)

    const onMessage = (data: string | Uint8Array) =>
      Effect.gen(function*() {
        yield* Effect.sync(resetUnread)
        if (typeof data !== "string") {
          return yield* new InvalidArgument({ field: "message", reason: "Send each request as one JSON text message." })
        }
        const value = yield* parseJsonText(data, maxBytes)
        if (caller === undefined) {
          const admitted = yield* Effect.either(access.authenticate({ authorization: undefined, apiKey: apiKeyIn(value) }))
          if (admitted._tag === "Left") {
            yield* send(failureEvent(admitted.left))
            // 1008: policy violation; the client must reconnect with a key.
            return yield* Effect.ignore(write(new Socket.CloseEvent(1008, "unauthenticated")))
          }
          caller = admitted.right
        }
        const body = yield* decodeBody(RecommendBody, value)
        const events = answerEvents({
          request: rawRecommendRequest(body),
          caller,
          deadline: Option.none(),
          userPseudonym: options.userPseudonym,
          transport: "websocket"
        })
        yield* FiberHandle.clear(answers)
        yield* FiberHandle.run(answers, Stream.runForEach(events, send))
      }).pipe(
        Effect.catchAll((error) => send(failureEvent(error))),
        inOrder.withPermits(1)
      )

    // Ends when the client closes the socket (or the server stops); the answer in progress ends with it.
    yield* Effect.ignore(socket.runRaw(onMessage))
    yield* FiberHandle.clear(answers)
    return HttpServerResponse.empty()
  }).pipe(
    Effect.catchAll((error) => Effect.succeed(errorResponse(fromGrpcStatus({
      code: Status.INVALID_ARGUMENT,
      details: error._tag === "RequestError" ? "This endpoint expects a WebSocket upgrade." : String(error)
    }))))
  )
