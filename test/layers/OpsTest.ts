/**
 * The edge's services for tests: access control (open by default), the
 * recent-recommendations map and the serving phase. Build the layer once and
 * pass it to both the gRPC server and the operations HTTP server to share it.
 */
import { Layer, Redacted } from "effect"
import { defaultMaxStreamsPerKey, layer as accessControl } from "../../src/layers/AccessControl.js"
import { layer as recentRecommendations } from "../../src/layers/RecentRecommendations.js"
import { make as makeServingState } from "../../src/layers/ServingState.js"
import type { AccessControl } from "../../src/services/AccessControl.js"
import type { RecentRecommendations } from "../../src/services/RecentRecommendations.js"
import { ServingState } from "../../src/services/ServingState.js"

export type OpsServices = AccessControl | RecentRecommendations | ServingState

export const OpsTest = (
  options: { readonly apiKeys?: ReadonlyArray<string>; readonly maxStreamsPerKey?: number } = {}
): Layer.Layer<OpsServices> =>
  Layer.mergeAll(
    accessControl({
      keys: (options.apiKeys ?? []).map((key) => Redacted.make(key)),
      maxStreamsPerKey: options.maxStreamsPerKey ?? defaultMaxStreamsPerKey
    }),
    recentRecommendations(),
    Layer.effect(ServingState, makeServingState)
  )
