/**
 * Server reflection (grpc.reflection v1 and v1alpha), so grpcurl and similar
 * tools can list and call the services without the proto files. It describes
 * the recommendation service and the health service; `GRPC_REFLECTION=off`
 * turns it off for those who prefer not to publish the schema. @grpc/reflection
 * is imported only when it is on.
 */
import type * as grpc from "@grpc/grpc-js"
import * as protoLoader from "@grpc/proto-loader"
import { Config, Effect } from "effect"
import { healthProtoPath } from "./health.js"
import { loaderOptions, packageDefinition } from "./proto.js"

export const reflectionConfig: Config.Config<boolean> = Config.literal("on", "off")("GRPC_REFLECTION").pipe(
  Config.withDefault("on" as const),
  Config.map((value) => value === "on")
)

export const addReflectionService = (server: grpc.Server): Effect.Effect<void> =>
  Effect.promise(() => import("@grpc/reflection")).pipe(Effect.map(({ ReflectionService }) => {
    const health = protoLoader.loadSync(healthProtoPath, { ...loaderOptions, includeDirs: [] })
    new ReflectionService({ ...packageDefinition, ...health }).addToServer(server)
  }))
