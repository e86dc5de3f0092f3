/**
 * Authentication as a grpc-js server interceptor: the API key is checked from
 * the call's metadata before its message is even read off the wire, so an
 * unauthenticated caller gets UNAUTHENTICATED without a byte of its request
 * being decoded, parsed, normalized or hashed.
 *
 * The admitted caller reaches the handler through a WeakMap keyed by the
 * call's own Metadata object (the one grpc-js hands the handler), not through
 * a header: there is nothing a client could send to claim a key id. A handler
 * that finds no entry (a server built without this interceptor) refuses the
 * call: it fails closed.
 *
 * Health and reflection are not guarded.
 */
import { type Metadata, type ServerInterceptor, ServerInterceptingCall } from "@grpc/grpc-js"
import { Cause, Clock, Effect, Exit, Option, Runtime } from "effect"
import { Unauthenticated } from "../domain/errors.js"
import { callsHandled, countMetric } from "../metrics/definitions.js"
import { AccessControl, type Caller } from "../services/AccessControl.js"
import { presentedHeaders, statusName } from "./callContext.js"
import type { HandlerServices, RunFork } from "./recommend.js"
import { type GrpcStatus, toGrpcStatus } from "./status.js"

/** The calls that need a key, by path: the method's name for metrics and, where it has one, its log line. */
const guardedMethods: ReadonlyMap<string, { readonly name: string; readonly finishedLog: string | undefined }> =
  new Map([
    ["/recommendation.RecommendationService/Recommend", { name: "Recommend", finishedLog: "recommendation finished" }],
    ["/recommendation.RecommendationService/RecordFeedback", { name: "RecordFeedback", finishedLog: undefined }]
  ])

const admitted = new WeakMap<Metadata, Caller>()

/** The caller the interceptor admitted for this call, or `Unauthenticated` when it did not run. */
export const admittedCaller = (metadata: Metadata): Effect.Effect<Caller, Unauthenticated> =>
  Effect.suspend(() => {
    const caller = admitted.get(metadata)
    return caller === undefined
      ? Effect.fail(new Unauthenticated({ reason: "The call was not authenticated." }))
      : Effect.succeed(caller)
  })

/**
 * Checks the key of every guarded call in the server's runtime (so access
 * control's service, metrics and logs are the application's), then either
 * passes the metadata on (the handler starts and the message is read) or ends
 * the call with the check's status. A refused call is counted and, for
 * Recommend, logged like any other finished call, with nothing from its request.
 */
/** A check that could not finish synchronously (an implementation that waits): run it again as a fiber. */
const isAsync = (exit: Exit.Exit<unknown, unknown>): boolean =>
  Exit.isFailure(exit) && Cause.isDie(exit.cause) &&
  Option.exists(Cause.dieOption(exit.cause), Runtime.isAsyncFiberException)

export const makeAuthInterceptor = (
  runtime: Runtime.Runtime<HandlerServices>,
  runFork: RunFork
): ServerInterceptor => (method, next) => {
  const guarded = guardedMethods.get(method.path)
  if (guarded === undefined) return new ServerInterceptingCall(next)
  const call: ServerInterceptingCall = new ServerInterceptingCall(next, {
    start: (start) =>
      start({
        onReceiveMetadata: (metadata, pass) => {
          const refuse = (status: GrpcStatus, startedAt: number) =>
            Effect.gen(function*() {
              const code = statusName(status.code)
              yield* countMetric(callsHandled, { grpc_method: guarded.name, grpc_code: code })
              if (guarded.finishedLog !== undefined) {
                const finishedAt = yield* Clock.currentTimeMillis
                yield* Effect.logInfo(guarded.finishedLog).pipe(
                  Effect.annotateLogs({ status: code, provider: "none", duration_ms: finishedAt - startedAt, chunks: 0 })
                )
              }
              call.sendStatus(status)
            })
          const check = Effect.flatMap(AccessControl, (access) => access.authenticate(presentedHeaders(metadata)))
          // Checking a key is synchronous: it runs at once, with no fiber forked into the server's
          // set and no scheduler hop. A refusal's bookkeeping (metrics, a log line), or a check
          // that had to wait, runs as a forked fiber.
          const exit = Runtime.runSyncExit(runtime)(check)
          if (Exit.isSuccess(exit)) {
            admitted.set(metadata, exit.value)
            pass(metadata)
            return
          }
          runFork(Effect.gen(function*() {
            const startedAt = yield* Clock.currentTimeMillis
            const outcome = isAsync(exit) ? yield* Effect.exit(check) : exit
            if (Exit.isSuccess(outcome)) {
              admitted.set(metadata, outcome.value)
              pass(metadata)
              return
            }
            yield* refuse(toGrpcStatus(outcome.cause, false), startedAt)
          }))
        }
      })
  })
  return call
}
