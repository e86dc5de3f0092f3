/**
 * The browser edge against the gRPC edge, same worker process, same run:
 * `npm run bench:http`. The worker (src/main.ts) streams a 20-chunk answer
 * from a fake OpenAI-compatible upstream; the same calls go over gRPC and
 * over SSE, alternately, several rounds each. Printed per transport: calls per
 * second at the given concurrency and the worker's CPU per call (from its own
 * process_cpu_seconds_total), and SSE's ratio to gRPC. The clients run in
 * this process, not the worker's.
 */
import * as grpc from "@grpc/grpc-js"
import { parseArgs } from "node:util"
import { recommendationProto } from "../src/grpc/proto.js"
import { parseSamples, sampleValue } from "../test/ops/support.js"
import { FakeOpenAi, startFakeOpenAi } from "../test/support/fakeOpenAi.js"
import { startWorkerProcess } from "../test/support/process.js"

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "400" },
    concurrency: { type: "string", default: "20" },
    rounds: { type: "string", default: "3" }
  }
})
const calls = Number(values.calls)
const concurrency = Number(values.concurrency)
const rounds = Number(values.rounds)

const context = JSON.stringify({
  visited_sites: [
    { url: "https://github.com/microsoft/TypeScript", title: "TypeScript on GitHub", duration_s: 300 },
    { url: "https://developer.mozilla.org/en-US/docs/Web/API/Streams_API", title: "Streams API | MDN", duration_s: 600 }
  ],
  search_queries: ["typescript generics", "server sent events"]
})
const request = (n: number) => ({ user_id: `bench-${n}`, browser_context: context, content_type: "technical", content_period: "any" })

const fake = await startFakeOpenAi({ fallback: FakeOpenAi.text(Array.from({ length: 20 }, (_, i) => `token${i} `)) })
const worker = await startWorkerProcess({
  OPENAI_API_KEY: "sk-bench",
  OPENAI_BASE_URL: fake.baseURL,
  LLM_PROVIDERS: "openai",
  // info (the default): the ports are read from the "listening" lines; both transports log one line per call.
  LOG_LEVEL: "info",
  MAX_STREAMS_PER_KEY: "10000"
})
const waitFor = async <A>(read: () => A | undefined): Promise<A> => {
  for (;;) {
    const value = read()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
const httpPort = await waitFor(() => worker.httpPort())
const metricsPort = await waitFor(() => {
  const match = /operations HTTP \([^)]*\) on [^:"]+:(\d+)/.exec(worker.stdout())
  return match?.[1] === undefined ? undefined : Number(match[1])
})
const client = new recommendationProto.RecommendationService(`127.0.0.1:${worker.port}`, grpc.credentials.createInsecure())

const cpuSeconds = async () =>
  sampleValue(parseSamples(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()), "process_cpu_seconds_total")

const overGrpc = (n: number) =>
  new Promise<void>((resolve, reject) => {
    const call = client.Recommend(request(n))
    let final = false
    call.on("data", (m: { is_final: string }) => (final ||= m.is_final === "true"))
    call.on("error", reject)
    call.on("end", () => (final ? resolve() : reject(new Error("no final message"))))
  })

const overSse = async (n: number) => {
  const response = await fetch(`http://127.0.0.1:${httpPort}/v1/recommendations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request(n))
  })
  const text = await response.text()
  if (!text.includes("event: done")) throw new Error(`no done event (${response.status})`)
}

const run = async (one: (n: number) => Promise<void>) => {
  let next = 0
  const cpuBefore = await cpuSeconds()
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < calls) await one(next++)
  }))
  const seconds = (performance.now() - started) / 1000
  const cpu = (await cpuSeconds()) - cpuBefore
  return { callsPerSecond: calls / seconds, cpuMsPerCall: (cpu * 1000) / calls }
}

const results: Record<"grpc" | "sse", Array<{ callsPerSecond: number; cpuMsPerCall: number }>> = { grpc: [], sse: [] }
await run(overGrpc) // warm-up, both paths
await run(overSse)
for (let round = 0; round < rounds; round++) {
  results.grpc.push(await run(overGrpc))
  results.sse.push(await run(overSse))
}
const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const summary = (name: "grpc" | "sse") => ({
  callsPerSecond: median(results[name].map((r) => r.callsPerSecond)),
  cpuMsPerCall: median(results[name].map((r) => r.cpuMsPerCall))
})
const g = summary("grpc")
const s = summary("sse")
console.log(`${calls} calls x ${rounds} rounds at concurrency ${concurrency}, 20-chunk answers (medians)`)
console.log(`grpc: ${g.callsPerSecond.toFixed(0)} calls/s, worker CPU ${g.cpuMsPerCall.toFixed(2)} ms/call`)
console.log(`sse:  ${s.callsPerSecond.toFixed(0)} calls/s, worker CPU ${s.cpuMsPerCall.toFixed(2)} ms/call`)
console.log(`sse/grpc: throughput ${(s.callsPerSecond / g.callsPerSecond).toFixed(2)}x, CPU per call ${(s.cpuMsPerCall / g.cpuMsPerCall).toFixed(2)}x`)

client.close()
worker.child.kill("SIGTERM")
await worker.exited
await fake.close()
