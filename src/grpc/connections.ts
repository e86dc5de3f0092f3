/**
 * How the server treats its HTTP/2 connections, for a fleet behind
 * client-side or proxy balancing.
 *
 * HTTP/2 keeps a client on one connection for as long as it lives, so a
 * replica added later would get no traffic from clients already connected.
 * `GRPC_MAX_CONNECTION_AGE_MS` makes the server send GOAWAY after that age
 * (grpc-js adds up to 10% jitter, so clients do not reconnect all at once):
 * the client finishes its calls on the old connection and opens a new one,
 * re-resolving and spreading over the replicas. `..._GRACE_MS` bounds how
 * long calls may run on an aged connection before it is closed; it should be
 * longer than the longest stream. Keepalive pings find dead peers (a client
 * gone behind a NAT or a load balancer that dropped the flow) so their
 * connections do not stay open. Unset: no limit, no pings (grpc-js defaults).
 */
import type * as grpc from "@grpc/grpc-js"
import { Config, ConfigError, Either, Option } from "effect"

export interface ConnectionSettings {
  readonly maxAgeMs: Option.Option<number>
  readonly maxAgeGraceMs: Option.Option<number>
  readonly keepaliveTimeMs: Option.Option<number>
  readonly keepaliveTimeoutMs: Option.Option<number>
}

const milliseconds = (name: string) =>
  Config.option(
    Config.integer(name).pipe(Config.validate({ message: "must be a positive integer (milliseconds)", validation: (n) => n > 0 }))
  )

export const connectionConfig: Config.Config<ConnectionSettings> = Config.all({
  maxAgeMs: milliseconds("GRPC_MAX_CONNECTION_AGE_MS"),
  maxAgeGraceMs: milliseconds("GRPC_MAX_CONNECTION_AGE_GRACE_MS"),
  keepaliveTimeMs: milliseconds("GRPC_KEEPALIVE_TIME_MS"),
  keepaliveTimeoutMs: milliseconds("GRPC_KEEPALIVE_TIMEOUT_MS")
}).pipe(
  Config.mapOrFail((settings) =>
    Option.isSome(settings.maxAgeGraceMs) && Option.isNone(settings.maxAgeMs)
      ? Either.left(ConfigError.InvalidData(
        ["GRPC_MAX_CONNECTION_AGE_GRACE_MS"],
        "is only used with GRPC_MAX_CONNECTION_AGE_MS, which is not set"
      ))
      : Either.right(settings)
  )
)

/** The grpc-js server options for these settings; an unset one is left to grpc-js. */
export const connectionOptions = (settings: ConnectionSettings): grpc.ServerOptions => {
  const options: Record<string, number> = {}
  const set = (key: string, value: Option.Option<number>) => {
    if (Option.isSome(value)) options[key] = value.value
  }
  set("grpc.max_connection_age_ms", settings.maxAgeMs)
  set("grpc.max_connection_age_grace_ms", settings.maxAgeGraceMs)
  set("grpc.keepalive_time_ms", settings.keepaliveTimeMs)
  set("grpc.keepalive_timeout_ms", settings.keepaliveTimeoutMs)
  return options
}
