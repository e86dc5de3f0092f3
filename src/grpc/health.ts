/**
 * The standard gRPC health service (grpc.health.v1.Health, Check and Watch)
 * for the whole server ("") and the recommendation service, through the
 * maintained `grpc-health-check` implementation.
 *
 * Watch calls are streams that stay open until the client leaves; the server
 * ends them itself once the drain is over, or a graceful shutdown would wait
 * for them until the grace period runs out. They need no key, so their number
 * is capped (`HEALTH_MAX_WATCHERS`): past it a new Watch gets RESOURCE_EXHAUSTED.
 */
import * as grpc from "@grpc/grpc-js"
import { HealthImplementation, protoPath, type ServingStatus } from "grpc-health-check"
import { type Config, Effect } from "effect"
import { positiveInt } from "../layers/configValues.js"

export const defaultMaxWatchers = 100

/** `HEALTH_MAX_WATCHERS`: how many Watch streams may be open at once (default 100). */
export const maxWatchersConfig: Config.Config<number> = positiveInt("HEALTH_MAX_WATCHERS", defaultMaxWatchers)

export const healthServiceNames = ["", "recommendation.RecommendationService"] as const

export { protoPath as healthProtoPath }

export interface Health {
  readonly setStatus: (status: ServingStatus) => Effect.Effect<void>
  /** Ends every open Watch call (after it has been told the last status). */
  readonly endWatches: Effect.Effect<void>
}

type WatchCall = grpc.ServerWritableStream<unknown, unknown>

export const addHealthService = (server: grpc.Server, maxWatchers: number = defaultMaxWatchers): Health => {
  const health = new HealthImplementation(Object.fromEntries(healthServiceNames.map((name) => [name, "NOT_SERVING"])))
  const watches = new Set<WatchCall>()
  health.addToServer({
    addService: (definition, implementation) => {
      const watch = implementation["watch"] as ((call: WatchCall) => void) | undefined
      server.addService(definition, {
        ...implementation,
        ...(watch === undefined ? {} : {
          watch: (call: WatchCall) => {
            if (watches.size >= maxWatchers) {
              call.emit("error", {
                code: grpc.status.RESOURCE_EXHAUSTED,
                details: `Too many open health watches (limit ${maxWatchers}); use Check, or retry later.`
              })
              return
            }
            watches.add(call)
            call.once("cancelled", () => watches.delete(call))
            watch(call)
          }
        })
      })
    }
  })
  return {
    setStatus: (status) =>
      Effect.sync(() => {
        for (const name of healthServiceNames) health.setStatus(name, status)
      }),
    endWatches: Effect.sync(() => {
      for (const call of watches) call.end()
      watches.clear()
    })
  }
}
