/** The serving phase in a Ref: "starting" until the gRPC server listens. */
import { Effect, Layer, Ref } from "effect"
import { ServingState, type ServingPhase } from "../services/ServingState.js"

export const make = Effect.map(Ref.make<ServingPhase>("starting"), (ref) =>
  ServingState.of({ get: Ref.get(ref), set: (phase) => Ref.set(ref, phase) }))

export const ServingStateLive: Layer.Layer<ServingState> = Layer.effect(ServingState, make)
