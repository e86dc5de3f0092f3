/**
 * HTTP statuses derived from the gRPC status table (src/grpc/status.ts): the
 * outcome of a call is decided there once; this edge only translates the
 * gRPC code into the nearest HTTP status (the usual gRPC-gateway mapping).
 */
import { status as Status } from "@grpc/grpc-js"
import { Cause, Option } from "effect"
import type { RecommendError } from "../domain/errors.js"
import { statusName } from "../grpc/callContext.js"
import { type GrpcStatus, toGrpcStatus } from "../grpc/status.js"

const httpStatusByCode: ReadonlyMap<Status, number> = new Map([
  [Status.INVALID_ARGUMENT, 400],
  [Status.UNAUTHENTICATED, 401],
  [Status.PERMISSION_DENIED, 403],
  [Status.RESOURCE_EXHAUSTED, 429],
  // Not an official status, but what nginx and gRPC gateways log for a client that went away.
  [Status.CANCELLED, 499],
  [Status.UNAVAILABLE, 503],
  [Status.DEADLINE_EXCEEDED, 504]
])

export const httpStatusOf = (code: Status): number => httpStatusByCode.get(code) ?? 500

/** What a failed call tells an HTTP or WebSocket client: the gRPC status name, its sentence, and when to retry. */
export interface CallFailure {
  readonly code: string
  readonly message: string
  readonly httpStatus: number
  /** Seconds to wait before retrying (429 and 503 only). */
  readonly retryAfterSeconds: number | undefined
}

const retryAfterOf = (error: RecommendError): number | undefined => {
  switch (error._tag) {
    case "ResourceExhausted":
      // A rate limit knows its wait; a stream slot frees when another call ends: a second is a fair first wait.
      return error.retryAfterMs === undefined ? 1 : Math.max(1, Math.ceil(error.retryAfterMs / 1000))
    case "ProviderFailure":
      return error.retryAfterSeconds === undefined ? undefined : Math.max(1, Math.ceil(error.retryAfterSeconds))
    case "ProvidersUnavailable": {
      const waits = error.failures.flatMap((f) => (f.retryAfterSeconds === undefined ? [] : [f.retryAfterSeconds]))
      return waits.length === 0 ? undefined : Math.max(1, Math.ceil(Math.min(...waits)))
    }
    default:
      return undefined
  }
}

export const fromGrpcStatus = (status: GrpcStatus, retryAfterSeconds?: number): CallFailure => ({
  code: statusName(status.code),
  message: status.details,
  httpStatus: httpStatusOf(status.code),
  retryAfterSeconds
})

export const callFailure = (cause: Cause.Cause<RecommendError>, deadlinePassed: boolean): CallFailure =>
  fromGrpcStatus(
    toGrpcStatus(cause, deadlinePassed),
    Option.getOrUndefined(Option.flatMapNullable(Cause.failureOption(cause), retryAfterOf))
  )
