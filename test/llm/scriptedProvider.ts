/**
 * An in-memory chain link whose answers are scripted per call, for the chain's
 * policy tests on the TestClock. A call beyond the script fails the test
 * loudly (a defect), so a provider the chain should have skipped cannot pass
 * unnoticed.
 */
import { Duration, Effect, Stream } from "effect"
import { ProviderFailure, type ProviderFailureKind } from "../../src/domain/errors.js"
import type { LlmProvider } from "../../src/layers/LlmChain.js"
import type { LlmChunk } from "../../src/services/Llm.js"

export type Step =
  | { readonly _tag: "Text"; readonly chunks: ReadonlyArray<string>; readonly firstTokenAfter?: Duration.DurationInput }
  | { readonly _tag: "Fail"; readonly kind: ProviderFailureKind; readonly retryAfterSeconds?: number; readonly after?: Duration.DurationInput }
  | { readonly _tag: "FailAfter"; readonly chunks: ReadonlyArray<string>; readonly kind: ProviderFailureKind }
  /** Emits chunks, then never ends (until interrupted). */
  | { readonly _tag: "Endless"; readonly chunks: ReadonlyArray<string> }

export const text = (chunks: ReadonlyArray<string>, firstTokenAfter?: Duration.DurationInput): Step =>
  firstTokenAfter === undefined ? { _tag: "Text", chunks } : { _tag: "Text", chunks, firstTokenAfter }
export const fail = (kind: ProviderFailureKind, retryAfterSeconds?: number): Step =>
  retryAfterSeconds === undefined ? { _tag: "Fail", kind } : { _tag: "Fail", kind, retryAfterSeconds }
export const failAfter = (chunks: ReadonlyArray<string>, kind: ProviderFailureKind): Step => ({ _tag: "FailAfter", chunks, kind })
export const endless = (chunks: ReadonlyArray<string>): Step => ({ _tag: "Endless", chunks })

export interface ScriptedProvider extends LlmProvider {
  readonly calls: () => number
  /** How many of its streams were finalized (ended, failed, or closed by the chain). */
  readonly closed: () => number
  readonly push: (...steps: ReadonlyArray<Step>) => void
}

export const scriptedProvider = (name: string, steps: ReadonlyArray<Step> = []): ScriptedProvider => {
  const queue = [...steps]
  let calls = 0
  let closed = 0
  const chunk = (text: string): LlmChunk => ({ text, provider: name })
  const failure = (kind: ProviderFailureKind, afterFirstToken: boolean, retryAfterSeconds?: number) =>
    new ProviderFailure({
      provider: name,
      kind,
      afterFirstToken,
      detail: "scripted",
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds })
    })
  const run = (step: Step): Stream.Stream<LlmChunk, ProviderFailure> => {
    switch (step._tag) {
      case "Text":
        return Stream.concat(
          step.firstTokenAfter === undefined ? Stream.empty : Stream.fromEffect(Effect.sleep(step.firstTokenAfter)).pipe(Stream.drain),
          Stream.fromIterable(step.chunks.map(chunk))
        )
      case "Fail":
        return Stream.fromEffect(
          Effect.zipRight(Effect.sleep(step.after ?? Duration.zero), Effect.fail(failure(step.kind, false, step.retryAfterSeconds)))
        )
      case "FailAfter":
        return Stream.concat(Stream.fromIterable(step.chunks.map(chunk)), Stream.fail(failure(step.kind, true)))
      case "Endless":
        return Stream.concat(Stream.fromIterable(step.chunks.map(chunk)), Stream.fromEffect(Effect.never))
    }
  }
  return {
    name,
    calls: () => calls,
    closed: () => closed,
    push: (...more) => {
      queue.push(...more)
    },
    service: {
      stream: () =>
        Stream.suspend(() => {
          calls++
          const step = queue.shift()
          if (step === undefined) return Stream.die(new Error(`scripted provider ${name}: unexpected call #${calls}`))
          return run(step)
        }).pipe(Stream.ensuring(Effect.sync(() => {
          closed++
        })))
    }
  }
}
