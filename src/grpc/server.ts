/**
 * The gRPC server as a scoped resource: bound when the layer is built, drained
 * (then forced) when it is released. Handlers run as fibers of a runtime
 * captured here, so they see the application's services and die with it.
 */
import * as grpc from "@grpc/grpc-js"
import { Context, Duration, Effect, FiberSet, Layer } from "effect"
import type { PipelineServices } from "../pipeline/recommend.js"
import { WorkerConfig } from "../services/WorkerConfig.js"
import { recommendationProto } from "./proto.js"
import { makeRecommendHandler } from "./recommend.js"

export interface GrpcServerInfo {
  /** The port actually bound (useful when GRPC_PORT is 0). */
  readonly port: number
}

export class GrpcServer extends Context.Tag("llm-worker-rec/GrpcServer")<GrpcServer, GrpcServerInfo>() {}

const bind = (server: grpc.Server, address: string) =>
  Effect.async<number, Error>((resume) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, port) => {
      resume(error ? Effect.fail(error) : Effect.succeed(port))
    })
  })

/** Stop taking calls, let in-flight streams finish within the grace period, then cancel the rest. */
const shutdown = (server: grpc.Server, graceMs: number) =>
  Effect.async<void>((resume) => server.tryShutdown(() => resume(Effect.void))).pipe(
    // Finalizers run uninterruptibly: without this the grace timeout could not cut the wait.
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

export const GrpcServerLive: Layer.Layer<GrpcServer, Error, PipelineServices> = Layer.scoped(
  GrpcServer,
  Effect.gen(function*() {
    const config = yield* WorkerConfig
    const runFork = yield* FiberSet.makeRuntime<PipelineServices>()
    const server = new grpc.Server()
    server.addService(recommendationProto.RecommendationService.service, {
      Recommend: makeRecommendHandler(runFork)
    })
    const address = `${config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`
    const port = yield* Effect.acquireRelease(
      bind(server, address).pipe(Effect.mapError((e) => new Error(`could not listen on ${address}: ${e.message}`))),
      () =>
        Effect.logInfo("shutting down: draining in-flight streams").pipe(
          Effect.zipRight(shutdown(server, config.shutdownGraceMs))
        )
    )
    yield* Effect.logInfo(`listening on ${config.host}:${port}`)
    return GrpcServer.of({ port })
  })
)
