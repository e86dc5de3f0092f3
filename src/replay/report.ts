/**
 * What a batch replay writes: one JSON line per input line, in input order,
 * and a summary (count, OK, errors by gRPC code, percentiles of time to first
 * chunk and total time over the lines that succeeded).
 */
import type { RecommendedItem } from "../domain/items/item.js"
import type { LineId } from "./input.js"

export interface CallOutcome {
  /** "OK" or the gRPC status code's name ("INVALID_ARGUMENT", "UNAVAILABLE", ...). */
  readonly status: string
  /** The answer's text: every chunk, in order (the final "추천 완료" message is not part of it). */
  readonly text: string
  readonly chunks: number
  /** Milliseconds from the start of the call to its first chunk; null when none came. */
  readonly ttfcMs: number | null
  readonly totalMs: number
  /** The provider that answered; null when none did. */
  readonly provider: string | null
  /** The answer's items, in order (none when absent). */
  readonly items?: ReadonlyArray<RecommendedItem>
  /** The status details, when not OK. */
  readonly error?: string
}

export interface ReplayResult extends CallOutcome {
  readonly id: LineId
  /** The input line's number (1-based): what identifies a result when ids repeat, across shards and resumes. */
  readonly line: number
}

/** Milliseconds with a tenth of precision: enough to compare runs, stable to read. */
export const roundMs = (ms: number): number => Math.round(ms * 10) / 10

/** An item's fields in the wire's order, whatever order the object was built in. */
const itemFields = (item: RecommendedItem) => ({
  id: item.id,
  url: item.url,
  title: item.title,
  reason: item.reason,
  categories: item.categories,
  format: item.format,
  language: item.language,
  source: item.source,
  position: item.position
})

/** One output line (without its newline), fields in a fixed order. */
export const outputLine = (result: ReplayResult): string =>
  JSON.stringify({
    id: result.id,
    line: result.line,
    status: result.status,
    text: result.text,
    chunks: result.chunks,
    ttfc_ms: result.ttfcMs,
    total_ms: result.totalMs,
    provider: result.provider,
    items: (result.items ?? []).map(itemFields),
    ...(result.error === undefined ? {} : { error: result.error })
  })

/** Nearest-rank percentile of sorted values; null for none. */
export const percentile = (sorted: ReadonlyArray<number>, p: number): number | null => {
  if (sorted.length === 0) return null
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null
}

export interface Percentiles {
  readonly p50: number | null
  readonly p95: number | null
  readonly p99: number | null
}

export interface Summary {
  readonly count: number
  readonly ok: number
  readonly errors: Readonly<Record<string, number>>
  readonly ttfcMs: Percentiles
  readonly totalMs: Percentiles
}

const percentiles = (values: ReadonlyArray<number>): Percentiles => {
  const sorted = [...values].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) }
}

/** What a summary reads of each result: a run over millions of lines keeps only this, not the answers. */
export type Timing = Pick<CallOutcome, "status" | "ttfcMs" | "totalMs">

export const timingOf = ({ status, totalMs, ttfcMs }: Timing): Timing => ({ status, ttfcMs, totalMs })

export const summarize = (results: ReadonlyArray<Timing>): Summary => {
  const ok = results.filter((r) => r.status === "OK")
  const errors: Record<string, number> = {}
  for (const r of results) if (r.status !== "OK") errors[r.status] = (errors[r.status] ?? 0) + 1
  return {
    count: results.length,
    ok: ok.length,
    errors,
    ttfcMs: percentiles(ok.flatMap((r) => (r.ttfcMs === null ? [] : [r.ttfcMs]))),
    totalMs: percentiles(ok.map((r) => r.totalMs))
  }
}

const show = (value: number | null) => (value === null ? "-" : `${value}`)

/** The summary for a person, a few lines. */
export const formatSummary = (summary: Summary): string => {
  const errorCodes = Object.entries(summary.errors).sort(([a], [b]) => a.localeCompare(b))
  const errorText = errorCodes.length === 0 ? "no errors" : errorCodes.map(([code, n]) => `${code} ${n}`).join(", ")
  const row = (label: string, p: Percentiles) =>
    `${label} p50 ${show(p.p50)}  p95 ${show(p.p95)}  p99 ${show(p.p99)}`
  return [
    `${summary.count} lines: ${summary.ok} OK, ${summary.count - summary.ok} failed (${errorText})`,
    row("time to first chunk (ms):", summary.ttfcMs),
    row("total time (ms):         ", summary.totalMs)
  ].join("\n")
}
