/**
 * The deadline budget: a running estimate of each provider's time to first
 * token (an exponentially weighted moving average), and the test of whether
 * an attempt still fits before the caller's deadline.
 */
import { Effect, Option, Ref } from "effect"

/** Weight of the newest sample in the moving average. */
export const defaultSmoothing = 0.3

export const ewma = (previous: Option.Option<number>, sample: number, smoothing: number): number =>
  Option.match(previous, {
    onNone: () => sample,
    onSome: (average) => average + smoothing * (sample - average)
  })

export interface LatencyEstimate {
  /** Records one time to first token, in milliseconds (or a lower bound of one, for a timeout). */
  readonly observe: (millis: number) => Effect.Effect<void>
  /** The current estimate; none before the first sample. */
  readonly current: Effect.Effect<Option.Option<number>>
}

export const makeLatencyEstimate = (smoothing: number = defaultSmoothing): Effect.Effect<LatencyEstimate> =>
  Effect.map(Ref.make(Option.none<number>()), (ref) => ({
    observe: (millis) => Ref.update(ref, (previous) => Option.some(ewma(previous, Math.max(0, millis), smoothing))),
    current: Ref.get(ref)
  }))

export interface BudgetCheck {
  readonly now: number
  /** Epoch milliseconds of the caller's deadline; none when it set none. */
  readonly deadline: Option.Option<number>
  /** What will pass before the attempt starts (a retry's backoff). */
  readonly delayMs: number
  /** The provider's typical time to first token; none when unknown (then only the margin must fit). */
  readonly expectedFirstTokenMs: Option.Option<number>
  /** Time kept for the rest of the answer after its first token. */
  readonly marginMs: number
}

/** Whether the attempt can be expected to produce its first token before the deadline. */
export const fitsBudget = (check: BudgetCheck): boolean =>
  Option.match(check.deadline, {
    onNone: () => true,
    onSome: (deadline) =>
      check.now + check.delayMs + Option.getOrElse(check.expectedFirstTokenMs, () => 0) + check.marginMs <= deadline
  })
