/**
 * The operations side port (METRICS_PORT, default 9464; 0 picks a free one):
 * `/metrics` in the Prometheus text format, `/healthz` (the process is alive)
 * and `/readyz` (the gRPC server listens and is not draining). Plain HTTP so
 * that Prometheus, Kubernetes probes and a container HEALTHCHECK can use it
 * without a gRPC client.
 */
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import type { ServeError } from "@effect/platform/HttpServerError"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { Config, type ConfigError, Context, Effect, Layer } from "effect"
import { createServer } from "node:http"
import { makePrometheusExporter } from "../metrics/prometheus.js"
import { ServingState } from "../services/ServingState.js"

export interface OpsHttpInfo {
  /** The port actually bound (useful when METRICS_PORT is 0). */
  readonly port: number
}

export class OpsHttpServer extends Context.Tag("llm-worker-rec/OpsHttpServer")<OpsHttpServer, OpsHttpInfo>() {}

export interface OpsHttpOptions {
  readonly host: string
  readonly port: number
}

export const opsHttpConfig: Config.Config<OpsHttpOptions> = Config.all({
  host: Config.string("METRICS_HOST").pipe(Config.withDefault("0.0.0.0")),
  port: Config.integer("METRICS_PORT").pipe(
    Config.validate({ message: "must be a port number (0 picks a free one)", validation: (n) => n >= 0 && n <= 65535 }),
    Config.withDefault(9464)
  )
})

const makeRouter = (state: typeof ServingState.Service) => {
  const exposition = makePrometheusExporter({ processMetrics: true })
  return HttpRouter.empty.pipe(
    HttpRouter.get(
      "/metrics",
      Effect.map(exposition, ({ body, contentType }) => HttpServerResponse.text(body, { contentType }))
    ),
    HttpRouter.get("/healthz", HttpServerResponse.text("ok\n")),
    HttpRouter.get(
      "/readyz",
      Effect.map(state.get, (phase) =>
        phase === "serving" ? HttpServerResponse.text("ready\n") : HttpServerResponse.text(`${phase}\n`, { status: 503 }))
    )
  )
}

export const layer = (options: OpsHttpOptions): Layer.Layer<OpsHttpServer, ServeError, ServingState> =>
  Layer.unwrapEffect(Effect.map(ServingState, (state) => {
    const served = HttpServer.serve(makeRouter(state)).pipe(
      // Scrapes and probes every few seconds would drown the traces.
      HttpMiddleware.withTracerDisabledWhen(() => true)
    )
    const info = Layer.effect(
      OpsHttpServer,
      Effect.map(HttpServer.HttpServer, ({ address }) => ({ port: address._tag === "TcpAddress" ? address.port : 0 }))
    )
    return Layer.merge(served, info).pipe(
      Layer.provide(NodeHttpServer.layer(createServer, { host: options.host, port: options.port }))
    )
  }))

export const OpsHttpLive: Layer.Layer<OpsHttpServer, ServeError | ConfigError.ConfigError, ServingState> = Layer
  .unwrapEffect(Effect.map(opsHttpConfig, (options) =>
    layer(options).pipe(
      Layer.tap((context) =>
        Effect.logInfo(`operations HTTP (metrics, healthz, readyz) on ${options.host}:${Context.get(context, OpsHttpServer).port}`)
      )
    )))
