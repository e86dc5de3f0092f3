/**
 * A scripted Llm for tests: emits given chunks (optionally spaced out), fails
 * on cue, or stalls; records how many chunks were pulled and whether the
 * stream was interrupted, so tests can see backpressure and cancellation.
 */
import { Deferred, Effect, Exit, Layer, Ref, Stream } from "effect"
import { ProviderFailure } from "../../src/domain/errors.js"
import { Llm, type LlmRequest } from "../../src/services/Llm.js"

export type Step =
  | { readonly _tag: "Chunk"; readonly text: string }
  | { readonly _tag: "Sleep"; readonly millis: number }
  | { readonly _tag: "Fail"; readonly error: ProviderFailure }
  | { readonly _tag: "Die"; readonly defect: unknown }
  | { readonly _tag: "Stall" }

export const chunk = (text: string): Step => ({ _tag: "Chunk", text })
export const sleep = (millis: number): Step => ({ _tag: "Sleep", millis })
export const stall: Step = { _tag: "Stall" }
export const die = (defect: unknown): Step => ({ _tag: "Die", defect })
export const failAfterFirstToken: Step = {
  _tag: "Fail",
  error: new ProviderFailure({ provider: "scripted", kind: "truncated", afterFirstToken: true, detail: "cut" })
}

export interface ScriptedLlm {
  readonly layer: Layer.Layer<Llm>
  /** Chunks the consumer has pulled so far. */
  readonly pulled: Effect.Effect<number>
  /** Completes when a stream was interrupted before it finished. */
  readonly interrupted: Deferred.Deferred<void>
  /** The requests the Llm was given. */
  readonly requests: Effect.Effect<ReadonlyArray<LlmRequest>>
}

const runStep = (step: Step, onPull: Effect.Effect<void>): Stream.Stream<string, ProviderFailure> => {
  switch (step._tag) {
    case "Chunk":
      return Stream.fromEffect(Effect.as(onPull, step.text))
    case "Sleep":
      return Stream.drain(Stream.fromEffect(Effect.sleep(step.millis)))
    case "Fail":
      return Stream.fail(step.error)
    case "Die":
      return Stream.die(step.defect)
    case "Stall":
      return Stream.never
  }
}

export const makeScriptedLlm = (
  script: (request: LlmRequest) => ReadonlyArray<Step>,
  provider = "scripted"
): Effect.Effect<ScriptedLlm> =>
  Effect.gen(function*() {
    const pulled = yield* Ref.make(0)
    const requests = yield* Ref.make<ReadonlyArray<LlmRequest>>([])
    const interrupted = yield* Deferred.make<void>()
    const layer = Layer.succeed(Llm, Llm.of({
      stream: (request) =>
        Stream.fromEffect(Ref.update(requests, (all) => [...all, request])).pipe(
          Stream.drain,
          Stream.concat(Stream.flatMap(
            Stream.fromIterable(script(request)),
            (step) => runStep(step, Ref.update(pulled, (n) => n + 1))
          )),
          Stream.map((text) => ({ text, provider })),
          Stream.ensuringWith((exit) =>
            Exit.isInterrupted(exit) ? Deferred.succeed(interrupted, undefined) : Effect.void
          )
        )
    }))
    return { layer, pulled: Ref.get(pulled), interrupted, requests: Ref.get(requests) }
  })
