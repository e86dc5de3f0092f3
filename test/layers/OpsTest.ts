/**
 * The edge's services for tests: access control (open by default), the rate
 * limiter (no limit by default), the recent-recommendations map and the
 * serving phase. Build the layer once and
 * pass it to both the gRPC server and the operations HTTP server to share it.
 */
import { Layer, Option, Redacted } from "effect"
import type { RateLimit } from "../../src/domain/rateLimit.js"
import { defaultMaxStreamsPerKey, layer as accessControl } from "../../src/layers/AccessControl.js"
import { layer as rateLimiter } from "../../src/layers/RateLimiter.js"
import { layer as recentRecommendations } from "../../src/layers/RecentRecommendations.js"
import { make as makeServingState } from "../../src/layers/ServingState.js"
import type { AccessControl } from "../../src/services/AccessControl.js"
import type { RateLimiter } from "../../src/services/RateLimiter.js"
import type { RecentRecommendations } from "../../src/services/RecentRecommendations.js"
import { ServingState } from "../../src/services/ServingState.js"

export type OpsServices = AccessControl | RateLimiter | RecentRecommendations | ServingState

export const OpsTest = (
  options: {
    readonly apiKeys?: ReadonlyArray<string>
    readonly maxStreamsPerKey?: number
    readonly rateLimit?: RateLimit
  } = {}
): Layer.Layer<OpsServices> =>
  Layer.mergeAll(
    accessControl({
      keys: (options.apiKeys ?? []).map((key) => Redacted.make(key)),
      maxStreamsPerKey: options.maxStreamsPerKey ?? defaultMaxStreamsPerKey
    }),
    rateLimiter(Option.fromNullable(options.rateLimit)),
    recentRecommendations(),
    Layer.effect(ServingState, makeServingState)
  )
