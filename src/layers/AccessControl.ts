/**
 * API-key access control from `API_KEYS` / `API_KEYS_FILE`, with a per-key
 * limit on concurrent streams (`MAX_STREAMS_PER_KEY`).
 *
 * Without keys the service is open, and the limit applies to all callers
 * together: behind the usual web backend or load balancer, peer addresses
 * say little about who is calling, and one global cap still protects the
 * process from a runaway client.
 */
import { Config, ConfigError, Effect, Either, Layer, Option, Redacted } from "effect"
import { readFileSync } from "node:fs"
import {
  hasShortKey,
  keyId,
  matchKey,
  minKeyLength,
  parseKeyFile,
  parseKeyList,
  presentedKey
} from "../domain/apiKeys.js"
import { ResourceExhausted, Unauthenticated } from "../domain/errors.js"
import { AccessControl, type AccessControlService, type Caller } from "../services/AccessControl.js"
import { acquireReleasePlain } from "./finalizers.js"

export interface AccessControlOptions {
  /** Empty: the service is open. */
  readonly keys: ReadonlyArray<Redacted.Redacted>
  readonly maxStreamsPerKey: number
}

export const defaultMaxStreamsPerKey = 100

/** The bucket the open service counts every stream in. */
const openBucket = "open"

export const make = (options: AccessControlOptions): AccessControlService => {
  const keys = options.keys.map(Redacted.value)
  const inFlight = new Map<string, number>()
  const enforced = keys.length > 0

  const authenticate = (headers: Parameters<AccessControlService["authenticate"]>[0]) =>
    Effect.suspend((): Effect.Effect<Caller, Unauthenticated> => {
      if (!enforced) return Effect.succeed({ keyId: undefined })
      const presented = presentedKey(headers)
      if (presented === undefined) {
        return Effect.fail(new Unauthenticated({
          reason: "An API key is required: send 'authorization: Bearer <key>' or 'x-api-key: <key>'."
        }))
      }
      const key = matchKey(presented, keys)
      return key === undefined
        ? Effect.fail(new Unauthenticated({ reason: "The API key is not valid." }))
        : Effect.succeed({ keyId: keyId(key) })
    })

  const holdStream = (caller: Caller) => {
    const bucket = caller.keyId ?? openBucket
    return acquireReleasePlain(
      Effect.suspend(() => {
        const open = inFlight.get(bucket) ?? 0
        if (open >= options.maxStreamsPerKey) {
          return Effect.fail(new ResourceExhausted({
            limit: "MAX_STREAMS_PER_KEY",
            reason: `Too many concurrent streams for this ${
              enforced ? "API key" : "service"
            } (limit ${options.maxStreamsPerKey}); retry when one ends.`
          }))
        }
        inFlight.set(bucket, open + 1)
        return Effect.void
      }),
      () =>
        Effect.sync(() => {
          const left = (inFlight.get(bucket) ?? 1) - 1
          if (left <= 0) inFlight.delete(bucket)
          else inFlight.set(bucket, left)
        })
    )
  }

  return AccessControl.of({ enforced, authenticate, holdStream })
}

/** Reads a keys file once at start; an unreadable file is a configuration error, never an open service. */
const readKeyFile = (path: string): Either.Either<ReadonlyArray<string>, ConfigError.ConfigError> => {
  try {
    return Either.right(parseKeyFile(readFileSync(path, "utf8")))
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : "unreadable"
    return Either.left(ConfigError.InvalidData(["API_KEYS_FILE"], `could not be read (${reason})`))
  }
}

const shortKeyError = (variable: string) =>
  ConfigError.InvalidData(
    [variable],
    `has a key shorter than ${minKeyLength} characters; use long random keys (e.g. \`openssl rand -hex 24\`)`
  )

/**
 * The keys of both variables together (so a rotation can add a key to one
 * while the other still holds the old). An empty variable counts as unset
 * (as templated environments often pass them), but one that has content and
 * names no key is an error: a typo must not open the service.
 */
export const apiKeysConfig: Config.Config<ReadonlyArray<Redacted.Redacted>> = Config.all({
  list: Config.option(Config.redacted("API_KEYS")).pipe(
    Config.map(Option.filter((text) => Redacted.value(text).trim() !== ""))
  ),
  file: Config.option(Config.string("API_KEYS_FILE")).pipe(Config.map(Option.filter((path) => path.trim() !== "")))
}).pipe(
  Config.mapOrFail(({ file, list }) => {
    const fromList = Option.map(list, (text) => parseKeyList(Redacted.value(text)))
    if (Option.exists(fromList, (keys) => keys.length === 0)) {
      return Either.left(ConfigError.InvalidData(["API_KEYS"], "is set but names no key"))
    }
    const fromFile = Option.match(file, {
      onNone: () => Either.right(Option.none<ReadonlyArray<string>>()),
      onSome: (path) => Either.map(readKeyFile(path), Option.some)
    })
    if (Either.isLeft(fromFile)) return Either.left(fromFile.left)
    if (Option.exists(fromFile.right, (keys) => keys.length === 0)) {
      return Either.left(ConfigError.InvalidData(["API_KEYS_FILE"], "names no key"))
    }
    // The message names the variable only: the short key itself is never printed.
    if (Option.exists(fromList, hasShortKey)) return Either.left(shortKeyError("API_KEYS"))
    if (Option.exists(fromFile.right, hasShortKey)) return Either.left(shortKeyError("API_KEYS_FILE"))
    const keys = new Set([...Option.getOrElse(fromList, () => []), ...Option.getOrElse(fromFile.right, () => [])])
    return Either.right([...keys].map((key) => Redacted.make(key)))
  })
)

export const accessControlConfig: Config.Config<AccessControlOptions> = Config.all({
  keys: apiKeysConfig,
  maxStreamsPerKey: Config.integer("MAX_STREAMS_PER_KEY").pipe(
    Config.validate({ message: "must be a positive integer", validation: (n) => n > 0 }),
    Config.withDefault(defaultMaxStreamsPerKey)
  )
})

export const layer = (options: AccessControlOptions): Layer.Layer<AccessControl> =>
  Layer.succeed(AccessControl, make(options))

export const AccessControlLive: Layer.Layer<AccessControl, ConfigError.ConfigError> = Layer.effect(
  AccessControl,
  Effect.gen(function*() {
    const options = yield* accessControlConfig
    if (options.keys.length === 0) {
      yield* Effect.logWarning("no API_KEYS or API_KEYS_FILE: the service is open to any caller that reaches it")
    } else {
      yield* Effect.logInfo("API keys required").pipe(Effect.annotateLogs({ keys: options.keys.length }))
    }
    return make(options)
  })
)
