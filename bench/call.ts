/**
 * npm run bench:call: what the Effect structure of one Recommend call costs,
 * in-process, on the bench's request: the pipeline (decode, analysis,
 * sanitizing, grounding, prompt-ready request), the provider chain and the
 * answer read to its end, with a provider that answers at once (no network),
 * so what is measured is our code alone. Two ways of reading the answer:
 *
 * - pull: as the gRPC edge does (openRecommendation + its write loop), no stream;
 * - stream: through `recommend`'s Stream (the browser edge, batch replays).
 *
 * Printed per call: CPU µs (process.cpuUsage), and the number of Effect
 * operations the fiber ran (a Supervisor with OpSupervision counts them: a
 * figure that does not move with the machine's load). Subtract
 * `npm run bench:pipeline`'s domain total from the µs to see the structure's.
 *
 *   npm run bench:call             # 3 s per case
 *   npm run bench:call -- --quick  # 1 s per case
 */
import { Chunk, ConfigProvider, Effect, Layer, Logger, ManagedRuntime, Option, RuntimeFlags, RuntimeFlagsPatch, Stream, Supervisor } from "effect"
import { parseArgs } from "node:util"
import { pipelineLayer } from "../src/app.js"
import { writePull } from "../src/grpc/bridge.js"
import { makeLlmChain } from "../src/layers/LlmChain.js"
import { pullable } from "../src/layers/llm/pull.js"
import { openRecommendation, recommend } from "../src/pipeline/recommend.js"
import { Llm, type LlmChunk } from "../src/services/Llm.js"
import { benchRequest } from "./request.js"

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } })
const seconds = values.quick ? 1 : 3

/** A provider behind the real chain that answers `deltas` chunks at once, one per pull. */
const instant = (deltas: number) =>
  pullable(() =>
    Effect.sync(() => {
      let left = deltas
      return Effect.suspend(() =>
        left-- === 0 ? Effect.fail(Option.none()) : Effect.succeed(Chunk.of<LlmChunk>({ text: ` tok${left}`, provider: "openai" }))
      )
    })
  )

const request = {
  user_id: benchRequest.user_id ?? "",
  browser_context: benchRequest.browser_context ?? "",
  content_type: benchRequest.content_type ?? "",
  content_period: benchRequest.content_period ?? ""
}
// The gRPC call's writable, as the write loop sees it: every write accepted.
const call = { write: () => true } as unknown as Parameters<typeof writePull>[0]

const ways = {
  pull: Effect.scoped(Effect.flatMap(openRecommendation({ request, deadline: Option.none() }), (pull) => writePull(call, pull, (e, write) => write(e)))),
  stream: Stream.runDrain(recommend({ request, deadline: Option.none() }))
}

class OpCounter extends Supervisor.AbstractSupervisor<void> {
  count = 0
  override value = Effect.void
  override onStart() {}
  override onEnd() {}
  override onEffect() {
    this.count++
  }
}

console.log(`node ${process.version}, CPU µs per call (process.cpuUsage), ${seconds} s per case; Effect operations per call`)
for (const deltas of [1, 20]) {
  const providers = Layer.effect(Llm, makeLlmChain([{ name: "openai", service: instant(deltas) }]))
  // As the bench's worker runs: cache off, logs dropped here (the JSON lines are the edge's, not measured).
  const config = ConfigProvider.fromMap(new Map([["CACHE", "off"]]))
  const quiet = Logger.replace(Logger.defaultLogger, Logger.none)
  const runtime = ManagedRuntime.make(
    Layer.merge(pipelineLayer(providers).pipe(Layer.provide(Layer.merge(Layer.setConfigProvider(config), quiet))), quiet)
  )
  for (const [way, effect] of Object.entries(ways)) {
    const counter = new OpCounter()
    await runtime.runPromise(effect.pipe(Effect.supervised(counter), Effect.withRuntimeFlagsPatch(RuntimeFlagsPatch.enable(RuntimeFlags.OpSupervision))))
    // A warm-up (the JIT, the catalog's first queries): longer for the process's first case.
    const warmUntil = performance.now() + seconds * (deltas === 1 && way === "pull" ? 2_000 : 1_000 / 3)
    while (performance.now() < warmUntil) await runtime.runPromise(effect)
    let calls = 0
    const cpu = process.cpuUsage()
    const end = performance.now() + seconds * 1_000
    while (performance.now() < end) {
      await runtime.runPromise(effect)
      calls++
    }
    const used = process.cpuUsage(cpu)
    console.log(`${deltas} delta(s), ${way.padEnd(6)} ${((used.user + used.system) / calls).toFixed(0).padStart(6)} µs  ${String(counter.count).padStart(5)} ops`)
  }
  await runtime.dispose()
}
