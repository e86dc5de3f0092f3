/**
 * First-token and idle timeouts for a stream of text: the first non-empty
 * chunk must come within `first`, each later one within `idle`. A timeout
 * interrupts the pending pull, so the source's finalizers run (closing the
 * HTTP request).
 */
import { Chunk, type Duration, Effect, Option, Stream } from "effect"

export interface StreamTimeouts<E2> {
  readonly first: Duration.DurationInput
  readonly idle: Duration.DurationInput
  readonly onFirstTimeout: () => E2
  readonly onIdleTimeout: () => E2
}

export const timeoutFirstAndIdle = <E2>(timeouts: StreamTimeouts<E2>) =>
<A, E, R>(self: Stream.Stream<A, E, R>): Stream.Stream<A, E | E2, R> =>
  Stream.unwrapScoped(Effect.gen(function*() {
    const pull = yield* Stream.toPull(self)
    const pullNonEmpty = Effect.repeat(pull, { until: Chunk.isNonEmpty })
    let started = false
    const next: Effect.Effect<Chunk.Chunk<A>, Option.Option<E | E2>, R> = Effect.suspend(() => {
      const first = !started
      return pullNonEmpty.pipe(
        Effect.timeoutFail({
          duration: first ? timeouts.first : timeouts.idle,
          onTimeout: () => Option.some<E | E2>(first ? timeouts.onFirstTimeout() : timeouts.onIdleTimeout())
        }),
        Effect.tap(() => {
          started = true
        })
      )
    })
    return Stream.repeatEffectChunkOption(next)
  }))
