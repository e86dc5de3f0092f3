/**
 * First-token and idle timeouts for a provider's stream of text: the first
 * non-empty chunk must come within `first`, each later one within `idle`.
 */
import { Duration, Effect, type Scope } from "effect"
import { onScopeClose } from "../finalizers.js"

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
 * One timer per stream, armed for the running wait's deadline: when it
 * passes, the watch records which limit it was and aborts `controller`, so the
 * pending request or read ends and the source reports `fired`. Time spent
 * while nobody waits on the upstream (a slow consumer) does not count. The
 * timer is cleared when the caller's scope closes.
 *
 * Why not `Effect.timeoutFail` around each pull: it forks a fiber and starts
 * a timer for every chunk, about 45 µs each, 0.9 ms of CPU per 20-chunk answer
 * (bench: docs/PERFORMANCE.md). Why not a watchdog fiber: a fiber per call
 * (forked, scheduled, interrupted and joined at the end) for what one Node
 * timer does; the call keeps one fiber.
 */
export const watchFirstAndIdle = (
  controller: AbortController,
  limits: { readonly first: Duration.DurationInput; readonly idle: Duration.DurationInput }
): Effect.Effect<FirstAndIdleWatch, never, Scope.Scope> =>
  Effect.gen(function*() {
    const clock = yield* Effect.clock
    const firstMs = Duration.toMillis(limits.first)
    const idleMs = Duration.toMillis(limits.idle)
    let waitingSince: number | undefined
    let started = false
    let fired: FirstAndIdleFired | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    let dueAt = Number.POSITIVE_INFINITY

    const arm = (at: number, now: number) => {
      if (timer !== undefined && dueAt <= at) return
      if (timer !== undefined) clearTimeout(timer)
      dueAt = at
      timer = setTimeout(check, Math.max(0, at - now))
    }
    const check = () => {
      timer = undefined
      dueAt = Number.POSITIVE_INFINITY
      const since = waitingSince
      // Nobody waits: the next wait arms the timer again.
      if (since === undefined || fired !== undefined) return
      const limit = started ? idleMs : firstMs
      const now = clock.unsafeCurrentTimeMillis()
      if (now - since >= limit) {
        fired = started ? "idle" : "first"
        controller.abort()
        return
      }
      arm(since + limit, now)
    }
    yield* onScopeClose(() =>
      Effect.sync(() => {
        if (timer !== undefined) clearTimeout(timer)
        timer = undefined
      })
    )

    return {
      waiting: <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        Effect.suspend(() => {
          if (waitingSince === undefined && fired === undefined) {
            const now = clock.unsafeCurrentTimeMillis()
            waitingSince = now
            arm(now + (started ? idleMs : firstMs), now)
          }
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
