/**
 * End-to-end harness: the real gRPC server on 127.0.0.1:0 built from the
 * given layers, and a real grpc-js client, both closed with the scope.
 */
import * as grpc from "@grpc/grpc-js"
import { type ConfigError, Context, Effect, Layer, Logger, LogLevel, Option, type Scope } from "effect"
import { defaultContextLimits } from "../../src/domain/context.js"
import type { RecommendRequest } from "../../src/grpc/generated/recommendation/RecommendRequest.js"
import type { RecommendResponse__Output } from "../../src/grpc/generated/recommendation/RecommendResponse.js"
import type { RecommendationServiceClient } from "../../src/grpc/generated/recommendation/RecommendationService.js"
import { recommendationProto } from "../../src/grpc/proto.js"
import { GrpcServer, GrpcServerLive } from "../../src/grpc/server.js"
import { layer as memoryCache } from "../../src/layers/CacheMemory.js"
import type { Cache } from "../../src/services/Cache.js"
import { Grounding } from "../../src/services/Grounding.js"
import type { Llm } from "../../src/services/Llm.js"
import { WorkerConfig, type WorkerSettings } from "../../src/services/WorkerConfig.js"
import { OpsTest, type OpsServices } from "../layers/OpsTest.js"

export const testSettings: WorkerSettings = {
  host: "127.0.0.1",
  port: 0,
  limits: defaultContextLimits,
  shutdownGraceMs: 1_000,
  pseudonymKey: Option.none()
}

export const WorkerConfigTest = (overrides: Partial<WorkerSettings> = {}) =>
  Layer.succeed(WorkerConfig, WorkerConfig.of({ ...testSettings, ...overrides }))

export const GroundingNoneTest = Layer.succeed(Grounding, Grounding.of({ candidates: () => Effect.succeed([]) }))

export interface Worker {
  readonly port: number
  readonly client: RecommendationServiceClient
}

/** Starts the server with `llm` (and optional other layers; a fresh memory cache by default) and connects a client. */
export const startWorker = (
  llm: Layer.Layer<Llm>,
  options: {
    readonly settings?: Partial<WorkerSettings>
    readonly grounding?: Layer.Layer<Grounding>
    readonly cache?: Layer.Layer<Cache>
    /** Access control, recent recommendations, serving phase (OpsTest() by default: open service). */
    readonly ops?: Layer.Layer<OpsServices>
    /** Replaces the default logging (warnings and up, to the console), e.g. to capture log lines. */
    readonly logs?: Layer.Layer<never>
  } = {}
): Effect.Effect<Worker, Error | ConfigError.ConfigError, Scope.Scope> =>
  Effect.gen(function*() {
    const layer = GrpcServerLive.pipe(
      Layer.provide(Layer.mergeAll(
        llm,
        options.grounding ?? GroundingNoneTest,
        WorkerConfigTest(options.settings),
        options.cache ?? memoryCache(),
        options.ops ?? OpsTest()
      )),
      Layer.provide(options.logs ?? Logger.minimumLogLevel(LogLevel.Warning))
    )
    const context = yield* Layer.build(layer)
    const { port } = Context.get(context, GrpcServer)
    const client = yield* Effect.acquireRelease(
      Effect.sync(() =>
        new recommendationProto.RecommendationService(`127.0.0.1:${port}`, grpc.credentials.createInsecure())
      ),
      (client) => Effect.sync(() => client.close())
    )
    return { port, client }
  })

export interface CallResult {
  readonly messages: ReadonlyArray<RecommendResponse__Output>
  readonly status: grpc.StatusObject
}

/** Reads a whole Recommend call: every message and the final status. */
export const collect = (stream: grpc.ClientReadableStream<RecommendResponse__Output>): Promise<CallResult> =>
  new Promise((resolve) => {
    const messages: Array<RecommendResponse__Output> = []
    stream.on("data", (message: RecommendResponse__Output) => messages.push(message))
    stream.on("error", () => {}) // the status event carries the outcome
    stream.on("status", (status: grpc.StatusObject) => resolve({ messages, status }))
  })

export const call = (worker: Worker, request: RecommendRequest, options: grpc.CallOptions = {}) =>
  Effect.promise(() => collect(worker.client.Recommend(request, options)))

export const developerContext = {
  visited_sites: [
    { url: "https://github.com", title: "GitHub" },
    { url: "https://stackoverflow.com", title: "Stack Overflow" }
  ],
  search_queries: ["python tutorial", "machine learning"],
  time_spent: { "github.com": 1200, "stackoverflow.com": 800 }
}

export const validRequest: RecommendRequest = {
  user_id: "test_user",
  browser_context: JSON.stringify(developerContext),
  content_type: "technical",
  content_period: "recent"
}
