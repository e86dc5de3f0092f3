/**
 * In-process cost of one whole Recommend call's structure (temporary probe).
 */
import { Chunk, ConfigProvider, Effect, Layer, Logger, LogLevel, ManagedRuntime, Option, Stream } from "effect"
import { pipelineLayer } from "../src/app.js"
import { makeLlmChain } from "../src/layers/LlmChain.js"
import { pullable } from "../src/layers/llm/pull.js"
import { Llm, type LlmChunk } from "../src/services/Llm.js"
import { openRecommendation, recommend } from "../src/pipeline/recommend.js"
import { writePull } from "../src/grpc/bridge.js"
import { benchRequest } from "./request.js"

const deltas = Number(process.argv[2] ?? 20)
const fake = pullable(() =>
  Effect.sync(() => {
    let left = deltas
    return Effect.suspend(() => {
      if (left === 0) return Effect.fail(Option.none())
      left--
      return Effect.succeed(Chunk.of<LlmChunk>({ text: ` tok${left}`, provider: "openai" }))
    })
  })
)
const providers = Layer.effect(Llm, makeLlmChain([{ name: "openai", service: fake }]))
const config = ConfigProvider.fromMap(new Map([["CACHE", "off"], ["LOG_LEVEL", "info"]]))
const layer = pipelineLayer(providers).pipe(Layer.provide(Layer.setConfigProvider(config)))
const runtime = ManagedRuntime.make(Layer.merge(layer, Logger.replace(Logger.defaultLogger, Logger.make(() => {}))))
const request = {
  user_id: benchRequest.user_id!, browser_context: benchRequest.browser_context!,
  content_type: benchRequest.content_type!, content_period: benchRequest.content_period!
}
let written = 0
const viaStream = Stream.runForEachChunk(recommend({ request, deadline: Option.none() }), (chunk) => Effect.sync(() => { written += chunk.length }))
const fakeCall = { write: () => { written++; return true } } as any
const viaPull = Effect.scoped(Effect.flatMap(openRecommendation({ request, deadline: Option.none() }), (pull) => writePull(fakeCall, pull, (e, w) => w(e))))
const call = process.argv[3] === "stream" ? viaStream : viaPull
await runtime.runPromise(call)
const timeIt = async (seconds: number) => {
  let n = 0
  const cpu = process.cpuUsage()
  const end = performance.now() + seconds * 1000
  while (performance.now() < end) { await runtime.runPromise(call); n++ }
  const used = process.cpuUsage(cpu)
  return (used.user + used.system) / n
}
await timeIt(1)
console.log(`whole call in-process, ${deltas} deltas: ${(await timeIt(3)).toFixed(1)} µs (written ${written})`)
await runtime.dispose()
