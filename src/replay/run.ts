/**
 * Runs the lines of a replay through a target, `concurrency` at a time and at
 * most `ratePerSecond` requests a second, and emits the results in input
 * order (so two runs of a file line up).
 */
import { Chunk, Duration, Effect, Stream } from "effect"
import type { ReplayLine } from "./input.js"
import type { ReplayResult } from "./report.js"
import type { Target } from "./targets.js"

export interface RunOptions {
  readonly concurrency: number
  /** Requests started per second at most (a provider's rate limit); undefined: no limit. */
  readonly ratePerSecond?: number | undefined
  /** Called as each line finishes (in completion order): progress. */
  readonly onDone?: (result: ReplayResult) => void
}

const invalidResult = (line: Extract<ReplayLine, { _tag: "Invalid" }>): ReplayResult => ({
  id: line.id,
  line: line.line,
  status: "INVALID_ARGUMENT",
  text: "",
  chunks: 0,
  ttfcMs: null,
  totalMs: 0,
  provider: null,
  error: line.reason
})

/**
 * Spaces the requests evenly, one every 1/rate seconds with no burst, so a
 * provider's per-second limit is never exceeded even at the start. Invalid
 * lines send nothing and cost nothing.
 */
const paced = (lines: Stream.Stream<ReplayLine>, ratePerSecond: number) =>
  lines.pipe(
    Stream.rechunk(1),
    Stream.throttle({
      cost: Chunk.reduce(0, (n, line) => n + (line._tag === "Request" ? 1 : 0)),
      units: 1,
      duration: Duration.millis(1000 / ratePerSecond),
      strategy: "shape"
    })
  )

export const replayLines = <R>(
  lines: ReadonlyArray<ReplayLine>,
  target: Target<R>,
  options: RunOptions
): Stream.Stream<ReplayResult, never, R> =>
  Stream.fromIterable(lines).pipe(
    (all) => options.ratePerSecond === undefined ? all : paced(all, options.ratePerSecond),
    Stream.mapEffect(
      (line) =>
        (line._tag === "Invalid"
          ? Effect.succeed(invalidResult(line))
          : Effect.map(target(line.request), (outcome): ReplayResult => ({ id: line.id, line: line.line, ...outcome }))).pipe(
            Effect.tap((result) => Effect.sync(() => options.onDone?.(result)))
          ),
      { concurrency: options.concurrency }
    )
  )
