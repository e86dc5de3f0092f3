/**
 * The browser edge as a scoped resource (HTTP_PORT, default 8080): the API
 * (src/web/api.ts), its OpenAPI document at /openapi.json and reference page
 * at /docs (Scalar, inlined by @effect/platform: no CDN), CORS for the
 * allow-listed origins, and the playground at /. It runs the same pipeline,
 * access control, metrics and logs as the gRPC edge. src/web/live.ts imports
 * it only when HTTP_PORT is not off.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpApiScalar from "@effect/platform/HttpApiScalar"
import * as HttpServer from "@effect/platform/HttpServer"
import type { ServeError } from "@effect/platform/HttpServerError"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { Context, Duration, Effect, Layer, Option, Redacted } from "effect"
import { randomBytes } from "node:crypto"
import { createServer, type Server } from "node:http"
import { makeUserPseudonym } from "../grpc/callContext.js"
import { WorkerConfig } from "../services/WorkerConfig.js"
import type { EdgeServices } from "./answer.js"
import { BrowserApi } from "./api.js"
import type { HttpEdgeOptions } from "./config.js"
import { handlerLayers } from "./handlers.js"
import { playgroundRoutes } from "./playground.js"

export interface HttpEdgeInfo {
  /** The port actually bound (useful when HTTP_PORT is 0). */
  readonly port: number
}

export class HttpEdge extends Context.Tag("llm-worker-rec/HttpEdge")<HttpEdge, HttpEdgeInfo>() {}

const cors = (origins: ReadonlyArray<string>) =>
  HttpApiBuilder.middlewareCors({
    // A predicate even for an empty list: the middleware answers "*" to an empty array.
    allowedOrigins: (origin) => origins.includes(origin),
    allowedMethods: ["GET", "POST"],
    allowedHeaders: ["authorization", "x-api-key", "content-type", "x-timeout-ms"],
    exposedHeaders: ["retry-after"],
    maxAge: 600
  })

/**
 * On shutdown: stop accepting connections, let the streams in progress finish
 * within SHUTDOWN_GRACE_MS (as gRPC does), then cut the rest, which interrupts
 * their pipelines and aborts their upstream requests.
 */
const drainConnections = (server: Server, graceMs: number) =>
  Effect.async<void>((resume) => {
    if (!server.listening) return resume(Effect.void)
    server.close(() => resume(Effect.void))
    server.closeIdleConnections()
  }).pipe(
    // Finalizers are uninterruptible: without this the timeout could not end the wait.
    Effect.interruptible,
    Effect.timeoutTo({
      duration: Duration.millis(graceMs),
      onSuccess: () => Effect.void,
      onTimeout: () =>
        Effect.logWarning("shutdown grace period over: closing the HTTP streams left").pipe(
          Effect.zipRight(Effect.sync(() => server.closeAllConnections()))
        )
    }),
    Effect.flatten
  )

export const layer = (options: HttpEdgeOptions): Layer.Layer<HttpEdge, ServeError, EdgeServices> =>
  Layer.unwrapEffect(Effect.map(WorkerConfig, (config) => {
    // Logs name users by a keyed pseudonym; without a configured key, one that dies with the process.
    const userPseudonym = makeUserPseudonym(
      Option.match(config.pseudonymKey, { onSome: Redacted.value, onNone: () => randomBytes(32).toString("hex") })
    )
    const handlers = handlerLayers({ userPseudonym, corsOrigins: options.corsOrigins })
    const api = HttpApiBuilder.api(BrowserApi).pipe(
      Layer.provide([handlers.recommendations, handlers.analysis, handlers.feedback])
    )
    const served = HttpApiBuilder.serve().pipe(
      Layer.provide(options.playground ? playgroundRoutes : Layer.empty),
      Layer.provide(HttpApiScalar.layer({ path: "/docs", scalar: { withDefaultFonts: false } })),
      Layer.provide(HttpApiBuilder.middlewareOpenApi({ path: "/openapi.json" })),
      Layer.provide(cors(options.corsOrigins)),
      Layer.provide(api)
    )
    const info = Layer.effect(
      HttpEdge,
      Effect.map(HttpServer.HttpServer, ({ address }) => ({ port: address._tag === "TcpAddress" ? address.port : 0 }))
    )
    const server = createServer()
    // Built after the server is serving, so released before it stops serving.
    const drain = Layer.scopedDiscard(Effect.addFinalizer(() => drainConnections(server, config.shutdownGraceMs)))
    return drain.pipe(
      Layer.provideMerge(Layer.merge(served, info)),
      Layer.provide(NodeHttpServer.layer(() => server, { host: options.host, port: options.port }))
    )
  }))
