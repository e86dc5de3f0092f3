/**
 * The operations side port (METRICS_PORT, default 9464; 0 picks a free one):
 * `/metrics` in the Prometheus text format, `/healthz` (the process is alive)
 * and `/readyz` (the gRPC server listens and is not draining). Plain HTTP so
 * that Prometheus, Kubernetes probes and a container HEALTHCHECK can use it
 * without a gRPC client.
 *
 * Three fixed routes answered with node:http directly: @effect/platform's
 * server and router would add about 20 MB to every worker's idle RSS (they
 * are loaded only with the browser edge).
 */
import { Config, type ConfigError, Context, Data, Effect, Layer, Runtime } from "effect"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
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

/** The port could not be bound (in use, not allowed, no such address): a failed start. */
export class OpsHttpListenError extends Data.TaggedError("OpsHttpListenError")<{ readonly message: string }> {}

export const opsHttpConfig: Config.Config<OpsHttpOptions> = Config.all({
  host: Config.string("METRICS_HOST").pipe(Config.withDefault("0.0.0.0")),
  port: Config.integer("METRICS_PORT").pipe(
    Config.validate({ message: "must be a port number (0 picks a free one)", validation: (n) => n >= 0 && n <= 65535 }),
    Config.withDefault(9464)
  )
})

interface Answer {
  readonly status: number
  readonly body: string
  readonly contentType: string
}

const text = (body: string, status = 200): Answer => ({ status, body, contentType: "text/plain" })

/** The answer to one request; only GET and HEAD are served. */
const makeRoutes = (state: typeof ServingState.Service) => {
  const exposition = makePrometheusExporter({ processMetrics: true })
  const routes: Record<string, Effect.Effect<Answer>> = {
    "/metrics": Effect.map(exposition, ({ body, contentType }) => ({ status: 200, body, contentType })),
    "/healthz": Effect.succeed(text("ok\n")),
    "/readyz": Effect.map(state.get, (phase) => phase === "serving" ? text("ready\n") : text(`${phase}\n`, 503))
  }
  return (method: string | undefined, url: string | undefined): Effect.Effect<Answer> => {
    const query = (url ?? "").indexOf("?")
    const path = query < 0 ? url ?? "" : (url ?? "").slice(0, query)
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined
    if (route === undefined) return Effect.succeed(text("not found\n", 404))
    if (method !== "GET" && method !== "HEAD") return Effect.succeed(text("method not allowed\n", 405))
    return route
  }
}

const listen = (server: ReturnType<typeof createServer>, options: OpsHttpOptions) =>
  Effect.async<number, OpsHttpListenError>((resume) => {
    const onError = (error: NodeJS.ErrnoException) =>
      resume(Effect.fail(
        new OpsHttpListenError({
          message: `operations HTTP port (METRICS_HOST, METRICS_PORT) ${options.host}:${options.port}: ${
            error.code ?? error.message
          }`
        })
      ))
    server.once("error", onError)
    server.listen(options.port, options.host, () => {
      server.off("error", onError)
      resume(Effect.succeed((server.address() as AddressInfo).port))
    })
  })

/** Stops listening and cuts what is left: probes and scrapes are short, and this port closes last. */
const close = (server: ReturnType<typeof createServer>) =>
  Effect.async<void>((resume) => {
    if (!server.listening) return resume(Effect.void)
    server.close(() => resume(Effect.void))
    server.closeAllConnections()
  })

export const layer = (options: OpsHttpOptions): Layer.Layer<OpsHttpServer, OpsHttpListenError, ServingState> =>
  Layer.scoped(
    OpsHttpServer,
    Effect.gen(function*() {
      const answer = makeRoutes(yield* ServingState)
      const run = Runtime.runPromise(yield* Effect.runtime<never>())
      const respond = (request: IncomingMessage, response: ServerResponse) =>
        run(answer(request.method, request.url)).then(
          ({ status, body, contentType }) => response.writeHead(status, { "content-type": contentType }).end(body),
          () => response.writeHead(500, { "content-type": "text/plain" }).end("internal error\n")
        )
      const server = createServer(respond)
      const port = yield* Effect.acquireRelease(listen(server, options), () => close(server))
      return { port }
    })
  )

export const OpsHttpLive: Layer.Layer<OpsHttpServer, OpsHttpListenError | ConfigError.ConfigError, ServingState> = Layer
  .unwrapEffect(Effect.map(opsHttpConfig, (options) =>
    layer(options).pipe(
      Layer.tap((context) =>
        Effect.logInfo(`operations HTTP (metrics, healthz, readyz) on ${options.host}:${Context.get(context, OpsHttpServer).port}`)
      )
    )))
