/**
 * The summary a run writes next to its output (`OUT.summary.json`): which
 * input and shard it covers and how many lines that shard has, so that
 * `replay:merge` can tell a complete set of shards from a partial one, and
 * the summary itself. A merged run writes the same file for shard 0/1.
 */
import { Effect } from "effect"
import { readFile, rename, writeFile } from "node:fs/promises"
import { InputFileError } from "./input.js"
import type { Percentiles, Summary } from "./report.js"
import type { Shard } from "./shard.js"

export interface SummaryFile {
  /** SHA-256 of the input file. */
  readonly input: string
  readonly shard: Shard
  /** The input lines that belong to this shard: the output is complete when it holds this many. */
  readonly lines: number
  readonly summary: Summary
}

export const summaryPath = (output: string): string => `${output}.summary.json`

/** Written whole (a temporary file, then a rename): a reader never sees half of it. */
export const writeSummaryFile = (output: string, file: SummaryFile): Effect.Effect<void, InputFileError> => {
  const path = summaryPath(output)
  const temporary = `${path}.${process.pid}.tmp`
  return Effect.tryPromise({
    try: async () => {
      await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, "utf8")
      await rename(temporary, path)
    },
    catch: () => new InputFileError({ message: `summary file ${path} could not be written.` })
  })
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value)
const count = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0
const msOrNull = (value: unknown) => value === null || (typeof value === "number" && Number.isFinite(value))
const isPercentiles = (value: unknown): value is Percentiles =>
  isObject(value) && msOrNull(value["p50"]) && msOrNull(value["p95"]) && msOrNull(value["p99"])

const isSummaryFile = (json: unknown): json is SummaryFile => {
  if (!isObject(json) || typeof json["input"] !== "string" || !count(json["lines"])) return false
  const { shard, summary } = json
  if (!isObject(shard) || !count(shard["index"]) || !count(shard["count"]) || shard["index"] >= shard["count"]) return false
  if (!isObject(summary) || !count(summary["count"]) || !count(summary["ok"]) || !isObject(summary["errors"])) return false
  return Object.values(summary["errors"]).every(count) && isPercentiles(summary["ttfcMs"]) && isPercentiles(summary["totalMs"])
}

/** The summary of the run that wrote `output`; one sentence when it is missing or not one. */
export const readSummaryFile = (output: string): Effect.Effect<SummaryFile, InputFileError> => {
  const path = summaryPath(output)
  return Effect.tryPromise({
    try: () => readFile(path, "utf8"),
    catch: () =>
      new InputFileError({ message: `${path} is missing: the run that writes ${output} has not finished.` })
  }).pipe(
    Effect.flatMap((text) => {
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        json = undefined
      }
      return isSummaryFile(json)
        ? Effect.succeed(json)
        : Effect.fail(new InputFileError({ message: `${path} is not a replay summary.` }))
    })
  )
}
