/**
 * The fake OpenAI-compatible upstream as its own process (the test suite's
 * fake): every request gets `--chunks` text deltas `--delay-ms` apart, then a
 * finish reason and [DONE]. Prints `{"port": N}` once listening; stops on
 * SIGTERM/SIGINT or when its stdin closes (so it never outlives the bench).
 */
import { parseArgs } from "node:util"
import { FakeOpenAi, startFakeOpenAi } from "../test/support/fakeOpenAi.js"

const { values } = parseArgs({
  options: {
    chunks: { type: "string", default: "20" },
    "delay-ms": { type: "string", default: "0" }
  }
})
const chunks = Array.from({ length: Number(values.chunks) }, (_, i) => `${i + 1}. A recommended read on streams and backpressure — https://example.com/item/${i}\n`)
const fake = await startFakeOpenAi({ fallback: FakeOpenAi.text(chunks, { delayMs: Number(values["delay-ms"]) }) })

// The fake records every request; a benchmark makes tens of thousands: forget them as we go.
const forget = setInterval(() => fake.reset(), 1_000)

const stop = () => {
  clearInterval(forget)
  void fake.close().then(() => process.exit(0))
}
process.once("SIGTERM", stop)
process.once("SIGINT", stop)
process.stdin.on("end", stop)
process.stdin.resume()
process.stdout.write(JSON.stringify({ port: fake.port, baseURL: fake.baseURL }) + "\n")
