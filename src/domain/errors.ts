/**
 * The domain's failures, one tagged class per cause. The gRPC edge maps each
 * tag to a status code in one table (src/grpc/status.ts); everything else
 * treats them as data.
 */
import { Schema } from "effect"

/** A request field is malformed; `reason` is one sentence a caller can act on. */
export class InvalidArgument extends Schema.TaggedError<InvalidArgument>()("InvalidArgument", {
  field: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return this.reason
  }
}

/** The call carried no API key, or a wrong one, while keys are configured. */
export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()("Unauthenticated", {
  reason: Schema.String
}) {
  override get message(): string {
    return this.reason
  }
}

/** A local limit (per-key concurrency, rate, and the like) refused the call. */
export class ResourceExhausted extends Schema.TaggedError<ResourceExhausted>()("ResourceExhausted", {
  limit: Schema.String,
  reason: Schema.String,
  /** When the caller may retry, if the limit knows (a rate does; sent as `grpc-retry-pushback-ms`). */
  retryAfterMs: Schema.optional(Schema.Number)
}) {
  override get message(): string {
    return this.reason
  }
}

/**
 * Why one provider could not answer. `retryable` failures (connection, 5xx,
 * 429, timeouts) may be retried and handed over to the next provider;
 * `afterFirstToken` failures cannot be handed over, since text was already sent.
 */
export const ProviderFailureKind = Schema.Literal(
  "connection",
  "timeout",
  "idle_timeout",
  "rate_limited",
  "server_error",
  "bad_response",
  "truncated",
  "circuit_open",
  "missing_cassette",
  /** 401/403/404: a wrong key or an unknown model, a configuration error that another provider may not have. */
  "rejected"
)
export type ProviderFailureKind = typeof ProviderFailureKind.Type

export class ProviderFailure extends Schema.TaggedError<ProviderFailure>()("ProviderFailure", {
  provider: Schema.String,
  kind: ProviderFailureKind,
  afterFirstToken: Schema.Boolean,
  /** Seconds the upstream asked us to wait (Retry-After), when it said. */
  retryAfterSeconds: Schema.optional(Schema.Number),
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.provider}: ${this.kind}${this.afterFirstToken ? " after the first token" : ""} (${this.detail})`
  }
}

/** Every provider of the chain failed, or was skipped, before answering. */
export class ProvidersUnavailable extends Schema.TaggedError<ProvidersUnavailable>()("ProvidersUnavailable", {
  reason: Schema.String,
  failures: Schema.Array(ProviderFailure)
}) {
  override get message(): string {
    return this.reason
  }
}

/** The failures a Recommend call may end with, besides interruption and defects. */
export type RecommendError =
  | InvalidArgument
  | Unauthenticated
  | ResourceExhausted
  | ProviderFailure
  | ProvidersUnavailable
