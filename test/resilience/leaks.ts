/**
 * Leak drill, run in its own process with `--expose-gc` (leaks.test.ts does):
 * the real server in-process with the production chain against the fake
 * upstream, driven by `--calls` calls (default 20,000) from 50 lanes, a mix
 * of OK (70%), INVALID_ARGUMENT (15%) and client cancels mid-stream (15%).
 *
 * After the first 10% of the calls and again at the end, with nothing in
 * flight: idle upstream sockets are let go, a full GC is forced, and the heap
 * used, the active resources (`process.getActiveResourcesInfo()`) and the
 * root fibers are measured. Prints one JSON line with both measurements.
 *
 *   node --expose-gc --import tsx test/resilience/leaks.ts --calls 20000
 */
import * as grpc from "@grpc/grpc-js"
import { status as Status } from "@grpc/grpc-js"
import { Effect, Exit, Fiber, Scope } from "effect"
import { parseArgs } from "node:util"
import { FakeOpenAi } from "../support/fakeOpenAi.js"
import { recommendationProto } from "../../src/grpc/proto.js"
import { collect } from "../support/grpc.js"
import { markedRequest, markerIn, startResilientWorker } from "./support.js"

const { values } = parseArgs({
  options: { calls: { type: "string", default: "20000" }, lanes: { type: "string", default: "50" } }
})
const totalCalls = Number(values.calls)
const lanes = Number(values.lanes)
const checkpoint = Math.round(totalCalls / 10)
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error("run with --expose-gc")

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const scope = Effect.runSync(Scope.make())
// Leaks are the verdict, not speed: limits far above the drill's time, so a
// starved machine cannot time calls out (and open the breaker) mid-drill.
const patient = { LLM_FIRST_TOKEN_TIMEOUT_MS: "100000", LLM_IDLE_TIMEOUT_MS: "100000" }
const worker = await Effect.runPromise(Scope.extend(startResilientWorker({ env: patient }), scope))
// Marker n: a short answer; markers over 1e6 (the cancelled calls): a long, slow one.
worker.openai.setFallback((request) => {
  const n = markerIn(request) ?? 0
  return n >= 1_000_000
    ? FakeOpenAi.text(Array.from({ length: 200 }, (_, i) => `c${i} `), { delayMs: 5 })
    : FakeOpenAi.text(["1. one", " 2. two", " 3. three"])
})

// The cancelled calls go over connections of their own, four of them. nghttp2 (1.57 and later, Node 20's)
// guards servers against rapid-reset floods: past a burst of 1,000 RST_STREAMs, more than 33 a second on one
// connection end it with GOAWAY(INTERNAL_ERROR), and every call on it fails. The drill cancels 15% of its
// calls from 50 lanes, about 45 a second once the worker got faster, which no real client does on one connection.
const cancelClients = Array.from({ length: 4 }, () =>
  new recommendationProto.RecommendationService(`127.0.0.1:${worker.port}`, grpc.credentials.createInsecure(), {
    "grpc.use_local_subchannel_pool": 1
  })
)

let cancelled = 0

type Kind = "ok" | "invalid" | "cancel"
const kindOf = (i: number): Kind => (i % 20 < 14 ? "ok" : i % 20 < 17 ? "invalid" : "cancel")
const outcomes: Record<string, number> = {}
const wrong: Array<string> = []

const oneCall = async (i: number): Promise<void> => {
  const kind = kindOf(i)
  if (kind === "cancel") {
    const code = await new Promise<number>((resolve) => {
      const stream = cancelClients[cancelled++ % cancelClients.length]!.Recommend(markedRequest(1_000_000 + i))
      stream.once("data", () => stream.cancel())
      stream.on("error", () => {})
      stream.on("status", (s) => resolve(s.code))
    })
    outcomes[`cancel:${code}`] = (outcomes[`cancel:${code}`] ?? 0) + 1
    if (code !== Status.CANCELLED) wrong.push(`call ${i} (cancel): ${code}`)
    return
  }
  const request = kind === "ok" ? markedRequest(i) : markedRequest(i, { browser_context: "{not json" })
  const { status } = await collect(worker.client.Recommend(request))
  outcomes[`${kind}:${status.code}`] = (outcomes[`${kind}:${status.code}`] ?? 0) + 1
  const expected = kind === "ok" ? Status.OK : Status.INVALID_ARGUMENT
  if (status.code !== expected) wrong.push(`call ${i} (${kind}): ${status.code} ${status.details}`)
}

let next = 0
const runUntil = async (end: number) => {
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < end) await oneCall(next++)
  }))
}

/** One measurement, printed as JSON for the test that runs this script. */
export interface Measure {
  readonly calls: number
  readonly heapUsed: number
  readonly inFlight: number
  readonly resources: Record<string, number>
  readonly rootFibers: number
}

/** Quiet, then measure: nothing in flight, idle upstream sockets closed, a full GC. */
const measure = async (): Promise<Measure> => {
  for (let i = 0; i < 500 && worker.inFlight() !== 0; i++) await sleep(10)
  worker.openai.reset() // the fake's own request log is not the worker's memory
  // Idle keep-alive sockets close by themselves: the fake's after 1 s, the SDK's (fetch) after 4 s.
  await sleep(5_000)
  for (let i = 0; i < 4; i++) {
    gc!()
    await sleep(20)
  }
  const resources: Record<string, number> = {}
  for (const name of process.getActiveResourcesInfo()) resources[name] = (resources[name] ?? 0) + 1
  return {
    calls: next,
    heapUsed: process.memoryUsage().heapUsed,
    inFlight: worker.inFlight(),
    resources,
    rootFibers: Effect.runSync(Fiber.roots).length
  }
}

const started = Date.now()
await runUntil(checkpoint)
const early = await measure()
await runUntil(totalCalls)
const late = await measure()
for (const client of cancelClients) client.close()
await Effect.runPromise(Scope.close(scope, Exit.void))

process.stdout.write(JSON.stringify({
  calls: totalCalls,
  seconds: (Date.now() - started) / 1000,
  outcomes,
  wrong: wrong.slice(0, 10),
  early,
  late,
  heapGrowth: late.heapUsed / early.heapUsed - 1
}) + "\n")
process.exit(0)
