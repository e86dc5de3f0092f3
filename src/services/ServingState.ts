/**
 * Where the worker is in its life: starting, serving, or draining before
 * shutdown. The gRPC server moves it; readiness (/readyz) reads it.
 */
import { Context, type Effect } from "effect"

export type ServingPhase = "starting" | "serving" | "draining"

export interface ServingStateService {
  readonly get: Effect.Effect<ServingPhase>
  readonly set: (phase: ServingPhase) => Effect.Effect<void>
}

export class ServingState extends Context.Tag("llm-worker-rec/ServingState")<ServingState, ServingStateService>() {}
