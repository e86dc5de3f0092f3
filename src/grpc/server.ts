/**
 * The gRPC server as a scoped resource: bound when the layer is built, drained
 * (then forced) when it is released. Handlers run as fibers of a runtime
 * captured here, so they see the application's services and die with it.
 *
 * Besides the recommendation service it serves the standard health service
 * (SERVING once bound, NOT_SERVING from the start of the drain) and, unless
 * `GRPC_REFLECTION=off`, server reflection. The port is plaintext, TLS or
 * mutual TLS (tls.ts); the start log says which.
 */
import * as grpc from "@grpc/grpc-js"
import { type ConfigError, Context, Duration, Effect, FiberSet, Layer, Option, Redacted, type Runtime } from "effect"
import { randomBytes } from "node:crypto"
import type { ContextLimits } from "../domain/context.js"
import { maxFeedbackRequestBytes } from "../domain/feedback.js"
import { maxRecommendRequestBytes } from "../domain/request.js"
import { withTransport } from "../metrics/definitions.js"
import { ServingState } from "../services/ServingState.js"
import { WorkerConfig } from "../services/WorkerConfig.js"
import { makeAuthInterceptor } from "./authenticate.js"
import { makeUserPseudonym } from "./callContext.js"
import { connectionConfig, connectionOptions } from "./connections.js"
import { makeFeedbackHandler } from "./feedback.js"
import { addHealthService, maxWatchersConfig } from "./health.js"
import { recommendationProto } from "./proto.js"
import { type HandlerServices, makeRecommendHandler, type RunFork } from "./recommend.js"
import { addReflectionService, reflectionConfig } from "./reflection.js"
import { serverTransport } from "./tls.js"

export interface GrpcServerInfo {
  /** The port actually bound (useful when GRPC_PORT is 0). */
  readonly port: number
}

export class GrpcServer extends Context.Tag("llm-worker-rec/GrpcServer")<GrpcServer, GrpcServerInfo>() {}

/** The largest message a valid call can send (health and reflection requests are far smaller). */
export const maxReceiveMessageBytes = (limits: ContextLimits): number =>
  Math.max(maxRecommendRequestBytes(limits), maxFeedbackRequestBytes)

const bind = (server: grpc.Server, address: string, credentials: grpc.ServerCredentials) =>
  Effect.async<number, Error>((resume) => {
    server.bindAsync(address, credentials, (error, port) => {
      resume(error ? Effect.fail(error) : Effect.succeed(port))
    })
  })

/**
 * Stop taking calls, let in-flight calls finish within the grace period, then
 * cancel the rest. `drained` completes when no handler runs any more (it then
 * ends the health Watch streams, which would otherwise hold the server open).
 */
const shutdown = (server: grpc.Server, graceMs: number, drained: Effect.Effect<void>) =>
  Effect.async<void>((resume) => server.tryShutdown(() => resume(Effect.void))).pipe(
    Effect.zipLeft(drained, { concurrent: true }),
    // This runs as a finalizer, which is uninterruptible: without this the
    // timeout could not stop the wait, and the grace period would never end.
    Effect.interruptible,
    Effect.timeoutTo({
      duration: Duration.millis(graceMs),
      onSuccess: () => Effect.logInfo("all streams finished"),
      onTimeout: () =>
        Effect.logWarning("shutdown grace period over: cancelling the streams left").pipe(
          Effect.zipRight(Effect.sync(() => server.forceShutdown()))
        )
    }),
    Effect.flatten
  )

export const GrpcServerLive: Layer.Layer<
  GrpcServer,
  Error | ConfigError.ConfigError,
  HandlerServices | ServingState
> = Layer.scoped(
  GrpcServer,
  Effect.gen(function*() {
    const config = yield* WorkerConfig
    const servingState = yield* ServingState
    const reflection = yield* reflectionConfig
    const transport = yield* serverTransport
    const connections = yield* connectionConfig
    const calls = yield* FiberSet.make()
    // Every call's metrics carry transport="grpc": the label is set once, on the runtime calls run in.
    const [runFork, runtime]: [RunFork, Runtime.Runtime<HandlerServices>] = yield* withTransport("grpc")(
      Effect.all([FiberSet.runtime(calls)<HandlerServices>(), Effect.runtime<HandlerServices>()])
    )
    // Logs name users by a keyed pseudonym; without a configured key, one that dies with the process.
    const userPseudonym = makeUserPseudonym(
      Option.match(config.pseudonymKey, { onSome: Redacted.value, onNone: () => randomBytes(32).toString("hex") })
    )
    const server = new grpc.Server({
      ...connectionOptions(connections),
      // Anything bigger than the largest valid request is refused by the transport, before it is decoded.
      "grpc.max_receive_message_length": maxReceiveMessageBytes(config.limits),
      interceptors: [makeAuthInterceptor(runtime, runFork)]
    })
    server.addService(recommendationProto.RecommendationService.service, {
      Recommend: makeRecommendHandler(runFork, userPseudonym),
      RecordFeedback: makeFeedbackHandler(runFork, userPseudonym)
    })
    const health = addHealthService(server, yield* maxWatchersConfig)
    if (reflection) yield* addReflectionService(server)
    const address = `${config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`
    const port = yield* Effect.acquireRelease(
      bind(server, address, transport.credentials).pipe(
        Effect.mapError((e) => new Error(`could not listen on ${address}: ${e.message}`))
      ),
      () =>
        Effect.logInfo("shutting down: draining in-flight streams").pipe(
          Effect.zipRight(servingState.set("draining")),
          Effect.zipRight(health.setStatus("NOT_SERVING")),
          Effect.zipRight(shutdown(server, config.shutdownGraceMs, Effect.zipRight(FiberSet.awaitEmpty(calls), health.endWatches)))
        )
    )
    yield* health.setStatus("SERVING")
    yield* servingState.set("serving")
    yield* Effect.logInfo(`listening on ${config.host}:${port} (${transport.mode})`)
    return GrpcServer.of({ port })
  })
)
