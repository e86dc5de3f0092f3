/**
 * First-token and idle timeouts for a provider's stream of text: the first
 * non-empty chunk must come within `first`, each later one within `idle`.
 */
import { Clock, Duration, Effect, type Scope } from "effect"

/** Which limit passed, once one did. */
export type FirstAndIdleFired = "first" | "idle"

export interface FirstAndIdleWatch {
  /**
   * Runs `effect` as a wait for the upstream: the clock runs while it does
   * (and on through consecutive waits until a token arrives).
   */
  readonly waiting: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** A token arrived: the first-token limit is met, and the idle one starts again at the next wait. */
  readonly progressed: () => void
  /** The limit that passed (the request was aborted then), if one did. */
  readonly fired: FirstAndIdleFired | undefined
}

/**
 * One watchdog fiber per stream (it lives in the caller's scope) sleeps until
 * the running wait's deadline and, when it passes, records which limit it was
 * and aborts `controller`, so the pending request or read ends and the source
 * reports `fired`. Time spent while nobody waits on the upstream (a slow
 * consumer) does not count.
 *
 * Why not `Effect.timeoutFail` around each pull: it forks a fiber and starts
 * a timer for every chunk, about 45 µs each, 0.9 ms of CPU per 20-chunk answer
 * (bench: docs/PERFORMANCE.md); the watchdog costs one fiber and about one
 * timer per stream.
 */
export const watchFirstAndIdle = (
  controller: AbortController,
  limits: { readonly first: Duration.DurationInput; readonly idle: Duration.DurationInput }
): Effect.Effect<FirstAndIdleWatch, never, Scope.Scope> =>
  Effect.gen(function*() {
    const firstMs = Duration.toMillis(limits.first)
    const idleMs = Duration.toMillis(limits.idle)
    let waitingSince: number | undefined
    let started = false
    let fired: FirstAndIdleFired | undefined

    const watchdog = Effect.gen(function*() {
      for (;;) {
        const limit = started ? idleMs : firstMs
        const since = waitingSince
        const now = yield* Clock.currentTimeMillis
        if (since !== undefined && now - since >= limit) {
          fired = started ? "idle" : "first"
          controller.abort()
          return
        }
        // Never past the idle limit: a wait that starts after the first token may end before the first-token deadline.
        const untilDeadline = since === undefined ? limit : since + limit - now
        yield* Effect.sleep(Duration.millis(Math.min(untilDeadline, idleMs)))
      }
    })
    yield* Effect.forkScoped(watchdog)

    return {
      waiting: <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          waitingSince ??= now
          return effect
        }),
      progressed: () => {
        started = true
        waitingSince = undefined
      },
      get fired() {
        return fired
      }
    }
  })
