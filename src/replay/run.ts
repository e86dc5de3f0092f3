/**
 * Runs the lines of a replay through a target, `concurrency` at a time, and
 * emits the results in input order (so two runs of a file line up).
 */
import { Effect, Stream } from "effect"
import type { ReplayLine } from "./input.js"
import type { ReplayResult } from "./report.js"
import type { Target } from "./targets.js"

export interface RunOptions {
  readonly concurrency: number
  /** Called as each line finishes (in completion order): progress. */
  readonly onDone?: (result: ReplayResult) => void
}

const invalidResult = (line: Extract<ReplayLine, { _tag: "Invalid" }>): ReplayResult => ({
  id: line.id,
  status: "INVALID_ARGUMENT",
  text: "",
  chunks: 0,
  ttfcMs: null,
  totalMs: 0,
  provider: null,
  error: line.reason
})

export const replayLines = <R>(
  lines: ReadonlyArray<ReplayLine>,
  target: Target<R>,
  options: RunOptions
): Stream.Stream<ReplayResult, never, R> =>
  Stream.fromIterable(lines).pipe(
    Stream.mapEffect(
      (line) =>
        (line._tag === "Invalid"
          ? Effect.succeed(invalidResult(line))
          : Effect.map(target(line.request), (outcome): ReplayResult => ({ id: line.id, ...outcome }))).pipe(
            Effect.tap((result) => Effect.sync(() => options.onDone?.(result)))
          ),
      { concurrency: options.concurrency }
    )
  )
