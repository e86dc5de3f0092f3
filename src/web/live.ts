/**
 * The browser edge from the environment. The edge (its API, @effect/platform's
 * HTTP server, the OpenAPI and Scalar pages, the playground) is imported only
 * when HTTP_PORT is not `off`: a worker without it does not pay its memory
 * (about 25 MB of the idle RSS).
 */
import type { ServeError } from "@effect/platform/HttpServerError"
import { type ConfigError, Context, Effect, Layer, Option } from "effect"
import type { EdgeServices } from "./answer.js"
import { httpEdgeConfig } from "./config.js"

/** Nothing at all when HTTP_PORT=off. */
export const HttpEdgeLive: Layer.Layer<never, ServeError | ConfigError.ConfigError, EdgeServices> = Layer.unwrapEffect(
  Effect.gen(function*() {
    const edge = yield* httpEdgeConfig
    if (Option.isNone(edge)) return Layer.effectDiscard(Effect.logInfo("browser HTTP edge off (HTTP_PORT=off)"))
    const options = edge.value
    const { HttpEdge, layer } = yield* Effect.promise(() => import("./server.js"))
    return layer(options).pipe(
      Layer.tap((context) => Effect.logInfo(`http listening on ${options.host}:${Context.get(context, HttpEdge).port}`)),
      Layer.discard
    )
  })
)
