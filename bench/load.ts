/**
 * The load generator: a grpc-js client in its own process. Keeps
 * `--concurrency` Recommend streams open until `--calls` calls have been made
 * (after `--warmup` calls that are not measured), and prints one JSON line:
 * calls/s, time to first chunk and whole-stream percentiles, failures.
 *
 *   node --import tsx bench/load.ts --target 127.0.0.1:50051 --concurrency 50 --calls 4000 --warmup 400
 *
 * Bounded: at most `--calls` + `--warmup` calls, and `--max-seconds` overall.
 */
import * as grpc from "@grpc/grpc-js"
import { writeFileSync } from "node:fs"
import { parseArgs } from "node:util"
import type { RecommendResponse__Output } from "../src/grpc/generated/recommendation/RecommendResponse.js"
import { recommendationProto } from "../src/grpc/proto.js"
import { benchRequest } from "./request.js"

const { values } = parseArgs({
  options: {
    target: { type: "string" },
    concurrency: { type: "string", default: "1" },
    calls: { type: "string", default: "1000" },
    warmup: { type: "string", default: "100" },
    "max-seconds": { type: "string", default: "120" },
    /** Writes every measured call (start offset, time to first chunk, whole stream, status) as JSON. */
    dump: { type: "string" }
  }
})
if (values.target === undefined) throw new Error("--target host:port is required")
const concurrency = Number(values.concurrency)
const measured = Number(values.calls)
const warmup = Number(values.warmup)
const maxMs = Number(values["max-seconds"]) * 1_000

const client = new recommendationProto.RecommendationService(values.target, grpc.credentials.createInsecure(), {
  // One HTTP/2 connection, as a typical caller would have.
  "grpc.max_concurrent_streams": 1_000
})

interface Sample {
  readonly startMs: number
  readonly ok: boolean
  readonly ttfcMs: number
  readonly totalMs: number
  readonly code: number
}

const oneCall = (): Promise<Sample> =>
  new Promise((resolve) => {
    const started = performance.now()
    let first = -1
    let final = false
    const stream = client.Recommend(benchRequest)
    stream.on("data", (message: RecommendResponse__Output) => {
      if (first < 0) first = performance.now()
      if (message.is_final === "true") final = true
    })
    stream.on("error", () => {})
    stream.on("status", (status: grpc.StatusObject) => {
      const end = performance.now()
      resolve({ startMs: started, ok: status.code === grpc.status.OK && final, ttfcMs: (first < 0 ? end : first) - started, totalMs: end - started, code: status.code })
    })
  })

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN

const run = async (count: number, deadline: number): Promise<{ samples: Array<Sample>; ms: number }> => {
  const samples: Array<Sample> = []
  let started = 0
  const t0 = performance.now()
  const lane = async () => {
    while (started < count && Date.now() < deadline) {
      started++
      samples.push(await oneCall())
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane))
  return { samples, ms: performance.now() - t0 }
}

const deadline = Date.now() + maxMs
await new Promise<void>((resolve, reject) =>
  client.waitForReady(Date.now() + 10_000, (error) => (error ? reject(error) : resolve()))
)
await run(warmup, deadline)
const { samples, ms } = await run(measured, deadline)
client.close()

if (values.dump !== undefined) {
  const t0 = Math.min(...samples.map((s) => s.startMs))
  writeFileSync(values.dump, JSON.stringify(samples.map((s) => ({ ...s, startMs: s.startMs - t0 }))))
}
const ok = samples.filter((s) => s.ok)
const ttfc = ok.map((s) => s.ttfcMs).sort((a, b) => a - b)
const total = ok.map((s) => s.totalMs).sort((a, b) => a - b)
const failures: Record<string, number> = {}
for (const s of samples) if (!s.ok) failures[String(s.code)] = (failures[String(s.code)] ?? 0) + 1
const round = (n: number) => Math.round(n * 1000) / 1000
process.stdout.write(JSON.stringify({
  concurrency,
  calls: samples.length,
  ok: ok.length,
  failures,
  seconds: round(ms / 1000),
  callsPerSecond: round(ok.length / (ms / 1000)),
  ttfcMs: { p50: round(percentile(ttfc, 50)), p99: round(percentile(ttfc, 99)) },
  totalMs: { p50: round(percentile(total, 50)), p99: round(percentile(total, 99)) },
  timedOut: Date.now() >= deadline
}) + "\n")
