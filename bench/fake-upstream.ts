/**
 * The fake OpenAI-compatible upstream as its own process (the test suite's
 * fake): every request gets `--chunks` text deltas `--delay-ms` apart, then a
 * finish reason and [DONE]. Prints `{"port": N, "baseURL": ...}` once
 * listening; stops on SIGTERM/SIGINT or when its stdin closes (so it never
 * outlives the bench).
 *
 * The answer's shape can be changed while it runs, so that one worker process
 * (whose base URL is fixed at start) can be measured on several shapes: each
 * stdin line `{"deltas": N, "delayMs": M}` sets the shape of the next answers
 * and is acknowledged by the stdout line `{"shape": {...}}`.
 */
import { createInterface } from "node:readline"
import { parseArgs } from "node:util"
import { FakeOpenAi, startFakeOpenAi } from "../test/support/fakeOpenAi.js"

const { values } = parseArgs({
  options: {
    chunks: { type: "string", default: "20" },
    "delay-ms": { type: "string", default: "0" }
  }
})

/** Deltas of a few characters, like a real model's tokens. */
const deltas = (count: number) => Array.from({ length: count }, (_, i) => (i % 12 === 11 ? ` ${i}.\n` : ` tok${i % 10}`))
const shape = (count: number, delayMs: number) => FakeOpenAi.text(deltas(count), { delayMs })

// Idle connections kept for a minute, like a real upstream: with the test default (1 s) a busy machine makes
// clients reuse connections the fake is closing, and those calls fail for a reason of the fake's own.
const fake = await startFakeOpenAi({
  fallback: shape(Number(values.chunks), Number(values["delay-ms"])),
  keepAliveTimeoutMs: 65_000
})

// The fake records every request; a benchmark makes tens of thousands: forget them as we go.
const forget = setInterval(() => fake.reset(), 1_000)

const stop = () => {
  clearInterval(forget)
  void fake.close().then(() => process.exit(0))
}
process.once("SIGTERM", stop)
process.once("SIGINT", stop)
const lines = createInterface({ input: process.stdin })
lines.on("line", (line) => {
  const { deltas: count, delayMs } = JSON.parse(line) as { deltas: number; delayMs: number }
  fake.setFallback(shape(count, delayMs))
  process.stdout.write(JSON.stringify({ shape: { deltas: count, delayMs } }) + "\n")
})
lines.on("close", stop)
process.stdout.write(JSON.stringify({ port: fake.port, baseURL: fake.baseURL }) + "\n")
