/**
 * Reading a browser's request: the key it presents (headers only, never the
 * URL), its JSON body (bounded, decoded with the API's schemas into one
 * sentence on failure) and the optional deadline header.
 */
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { ParseResult, Clock, Effect, Option, Schema } from "effect"
import type { PresentedHeaders } from "../domain/apiKeys.js"
import { InvalidArgument } from "../domain/errors.js"
import type { RawRecommendRequest } from "../domain/request.js"
import type { RecommendBody } from "./api.js"
import type { CallFailure } from "./httpStatus.js"

/** Room for the other fields next to a context of the maximum size (MAX_CONTEXT_BYTES). */
export const bodyAllowance = 16_384

const header = (request: HttpServerRequest.HttpServerRequest, name: string): string | undefined => request.headers[name]

export const presentedHeaders = (request: HttpServerRequest.HttpServerRequest): PresentedHeaders => ({
  authorization: header(request, "authorization"),
  apiKey: header(request, "x-api-key")
})

const invalid = (field: string, reason: string) => new InvalidArgument({ field, reason })

/** The first problem the schema found, as the sentence its annotation gives. */
export const decodeBody = <A, I>(schema: Schema.Schema<A, I>, value: unknown): Effect.Effect<A, InvalidArgument> =>
  Schema.decodeUnknown(schema)(value).pipe(
    Effect.mapError((error) => {
      const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
      const field = issue?.path.map(String).join(".") ?? ""
      return invalid(field === "" ? "body" : field, issue?.message ?? "The request body is not valid.")
    })
  )

/** Parses JSON text, bounded by `maxBytes`, into a value for `decodeBody`. */
export const parseJsonText = (text: string, maxBytes: number): Effect.Effect<unknown, InvalidArgument> =>
  Effect.suspend(() => {
    if (Buffer.byteLength(text, "utf8") > maxBytes) {
      return Effect.fail(invalid("body", `The request is larger than ${maxBytes} bytes.`))
    }
    try {
      return Effect.succeed(JSON.parse(text) as unknown)
    } catch {
      return Effect.fail(invalid("body", "The request body is not valid JSON."))
    }
  })

/** The body as JSON, read only up to `maxBytes` (a larger body is refused, not buffered). */
export const readJsonBody = <A, I>(
  request: HttpServerRequest.HttpServerRequest,
  schema: Schema.Schema<A, I>,
  maxBytes: number
): Effect.Effect<A, InvalidArgument> =>
  request.text.pipe(
    HttpIncomingMessage.withMaxBodySize(Option.some(maxBytes)),
    Effect.mapError(() => invalid("body", `The request body could not be read or is larger than ${maxBytes} bytes.`)),
    Effect.flatMap((text) => parseJsonText(text, maxBytes)),
    Effect.flatMap((value) => decodeBody(schema, value))
  )

/** The wire form of a context: the pipeline takes the JSON text, as gRPC callers send it. */
export const contextText = (value: string | { readonly [key: string]: unknown } | undefined): string =>
  value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value)

/** A decoded body as the pipeline's request (absent fields are empty, as on the gRPC wire). */
export const rawRecommendRequest = (body: typeof RecommendBody.Type): RawRecommendRequest => ({
  user_id: body.user_id ?? "",
  browser_context: contextText(body.browser_context),
  content_type: body.content_type ?? "",
  content_period: body.content_period ?? ""
})

export const maxTimeoutMs = 600_000

/** `x-timeout-ms` (optional): the answer must be complete within this many milliseconds. */
export const deadlineOf = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<Option.Option<number>, InvalidArgument> => {
  const raw = header(request, "x-timeout-ms")
  if (raw === undefined) return Effect.succeed(Option.none())
  const ms = Number(raw.trim())
  return Number.isInteger(ms) && ms > 0 && ms <= maxTimeoutMs
    ? Effect.map(Clock.currentTimeMillis, (now) => Option.some(now + ms))
    : Effect.fail(invalid("x-timeout-ms", `x-timeout-ms must be a whole number of milliseconds from 1 to ${maxTimeoutMs}.`))
}

/** An error answered before any stream: `{code, message}` with the derived HTTP status (and Retry-After). */
export const errorResponse = (failure: CallFailure): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.unsafeJson(
    {
      code: failure.code,
      message: failure.message,
      ...(failure.retryAfterSeconds === undefined ? {} : { retry_after_seconds: failure.retryAfterSeconds })
    },
    {
      status: failure.httpStatus,
      headers: failure.retryAfterSeconds === undefined ? {} : { "retry-after": String(failure.retryAfterSeconds) }
    }
  )
