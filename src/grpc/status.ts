/**
 * The one table from a call's failure to a gRPC status: typed failures by tag,
 * then interruption, then defects (which never show their cause to a caller).
 */
import { Metadata, status as Status } from "@grpc/grpc-js"
import { Cause, Match, Option } from "effect"
import type { RecommendError } from "../domain/errors.js"

export interface GrpcStatus {
  readonly code: Status
  readonly details: string
  /** Trailers sent with the status (grpc-js reads them from an emitted error's `metadata`). */
  readonly metadata?: Metadata
}

/** The trailer gRPC retry policies honour: how long to wait before retrying. */
export const retryPushbackTrailer = "grpc-retry-pushback-ms"

const pushback = (retryAfterMs: number): Metadata => {
  const metadata = new Metadata()
  metadata.set(retryPushbackTrailer, String(Math.max(0, Math.ceil(retryAfterMs))))
  return metadata
}

export const failureStatus: (error: RecommendError) => GrpcStatus = Match.type<RecommendError>().pipe(
  Match.tagsExhaustive({
    InvalidArgument: (e) => ({ code: Status.INVALID_ARGUMENT, details: e.reason }),
    Unauthenticated: (e) => ({ code: Status.UNAUTHENTICATED, details: e.reason }),
    ResourceExhausted: (e) =>
      e.retryAfterMs === undefined
        ? { code: Status.RESOURCE_EXHAUSTED, details: e.reason }
        : { code: Status.RESOURCE_EXHAUSTED, details: e.reason, metadata: pushback(e.retryAfterMs) },
    ProviderFailure: (e) => ({
      code: Status.UNAVAILABLE,
      details: e.afterFirstToken
        ? "The recommendation provider failed in the middle of the answer; retry the call."
        : "The recommendation provider is unavailable right now; retry with backoff."
    }),
    ProvidersUnavailable: () => ({
      code: Status.UNAVAILABLE,
      details: "No recommendation provider is available right now; retry with backoff."
    })
  })
)

export const internalError: GrpcStatus = { code: Status.INTERNAL, details: "internal error" }

/**
 * `deadlinePassed` tells an interruption caused by the call's deadline from a
 * cancel by the client.
 */
export const toGrpcStatus = (cause: Cause.Cause<RecommendError>, deadlinePassed: boolean): GrpcStatus =>
  Option.match(Cause.failureOption(cause), {
    onSome: failureStatus,
    onNone: () =>
      Cause.isInterruptedOnly(cause)
        ? deadlinePassed
          ? { code: Status.DEADLINE_EXCEEDED, details: "The call's deadline passed before the answer was complete." }
          : { code: Status.CANCELLED, details: "The call was cancelled." }
        : internalError
  })
