/**
 * The baseline: the same Recommend call on a bare grpc-js server, no Effect.
 * Parses the JSON context, relays the upstream stream through the same
 * `openai` SDK (same client options), writes each chunk (waiting for 'drain'
 * like the worker), then the final message. Env: GRPC_PORT, OPENAI_BASE_URL,
 * OPENAI_API_KEY, PROTO_DIR (default ./protos). Prints `{"port": N}` once
 * listening. Self-contained (no import from src/), so the bench can compile
 * it to plain JS and run it with `node`, like the worker's dist/.
 */
import * as grpc from "@grpc/grpc-js"
import * as protoLoader from "@grpc/proto-loader"
import OpenAI from "openai"
import { once } from "node:events"

const definition = protoLoader.loadSync("recommendation.proto", {
  keepCase: true, longs: String, enums: String, defaults: true, oneofs: true, includeDirs: [process.env.PROTO_DIR ?? "protos"]
})
const recommendationProto = (grpc.loadPackageDefinition(definition) as any).recommendation

const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY ?? "bench", baseURL: process.env.OPENAI_BASE_URL ?? "", maxRetries: 0, logLevel: "off" })

let failures = 0
const server = new grpc.Server()
server.addService(recommendationProto.RecommendationService.service, {
  Recommend: async (call: grpc.ServerWritableStream<any, any>) => {
    const controller = new AbortController()
    call.once("cancelled", () => controller.abort())
    try {
      const context = JSON.parse(call.request.browser_context)
      if (context === null || typeof context !== "object" || !Array.isArray(context.visited_sites)) {
        return call.emit("error", { code: grpc.status.INVALID_ARGUMENT, details: "bad browser_context" })
      }
      const titles = context.visited_sites.map((s: { title?: string }) => s.title ?? "").join("\n")
      const completion = await client.chat.completions.create({
        model: "gpt-4.1-mini",
        stream: true,
        max_tokens: 500,
        temperature: 0.7,
        messages: [
          { role: "system", content: "Recommend content as a short numbered list." },
          { role: "user", content: `Type: ${call.request.content_type}\nSites:\n${titles}\nQueries: ${context.search_queries}` }
        ]
      }, { signal: controller.signal })
      let finished = false
      for await (const chunk of completion) {
        const choice = chunk.choices[0]
        if (choice?.finish_reason != null) finished = true
        const text = choice?.delta?.content
        if (typeof text === "string" && text !== "" && !call.write({ content: text, is_final: "false" })) await once(call, "drain")
      }
      if (call.cancelled) return
      if (!finished) return call.emit("error", { code: grpc.status.UNAVAILABLE, details: "truncated" })
      call.write({ content: "추천 완료", is_final: "true" })
      call.end()
    } catch (error) {
      if (failures++ < 5) process.stderr.write(`baseline: upstream failed: ${String(error)} ${String((error as { cause?: unknown }).cause ?? "")}\n`)
      if (!call.cancelled) call.emit("error", { code: grpc.status.UNAVAILABLE, details: String(error) })
    }
  }
})
server.bindAsync(`127.0.0.1:${process.env.GRPC_PORT ?? "0"}`, grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error
  process.stdout.write(JSON.stringify({ port }) + "\n")
})
const stop = () => server.tryShutdown(() => process.exit(0))
process.once("SIGTERM", stop)
process.once("SIGINT", stop)
