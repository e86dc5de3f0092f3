/**
 * The browser edge in-process for tests: the real HTTP server on 127.0.0.1:0
 * (src/web/server.ts), in front of the production provider chain pointed at
 * a fake OpenAI-compatible upstream (real SDK, real HTTP), a memory cache and
 * the given access control. Plus small clients: an SSE reader over fetch and
 * a WebSocket through @effect/platform's Socket (the `ws` client underneath).
 */
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import * as Socket from "@effect/platform/Socket"
import { ConfigProvider, Context, Effect, Layer, Logger, LogLevel, Queue, type Scope } from "effect"
import { layerFromItems } from "../../src/layers/Catalog.js"
import { layer as memoryCache } from "../../src/layers/CacheMemory.js"
import { LlmLive } from "../../src/layers/LlmChain.js"
import { Llm } from "../../src/services/Llm.js"
import type { WorkerSettings } from "../../src/services/WorkerConfig.js"
import { HttpEdge, layer as edgeLayer } from "../../src/web/server.js"
import { candidates } from "../llm/fixtures.js"
import { OpsTest } from "../layers/OpsTest.js"
import { FakeOpenAi, type FakeOpenAiServer, startFakeOpenAi } from "../support/fakeOpenAi.js"
import { GroundingNoneTest, WorkerConfigTest } from "../support/grpc.js"

export const fakeUpstream: Effect.Effect<FakeOpenAiServer, never, Scope.Scope> = Effect.acquireRelease(
  Effect.promise(() => startFakeOpenAi()),
  (fake) => Effect.promise(() => fake.close())
)

/** The provider chain with only `openai`, at the fake, with small timeouts unless `env` says otherwise. */
export const openAiAt = (fake: FakeOpenAiServer, env: Readonly<Record<string, string>> = {}): Layer.Layer<Llm> =>
  LlmLive.pipe(
    Layer.provide(layerFromItems(candidates)),
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries({
      OPENAI_API_KEY: "sk-http-edge",
      OPENAI_BASE_URL: fake.baseURL,
      LLM_PROVIDERS: "openai",
      LLM_RETRIES: "0",
      LLM_CIRCUIT_FAILURES: "1000",
      ...env
    }))))),
    Layer.orDie
  )

export interface EdgeOptions {
  readonly apiKeys?: ReadonlyArray<string>
  readonly maxStreamsPerKey?: number
  readonly corsOrigins?: ReadonlyArray<string>
  /** Default true. */
  readonly playground?: boolean
  readonly settings?: Partial<WorkerSettings>
}

export interface Edge {
  readonly url: string
  readonly port: number
}

export const startEdge = (llm: Layer.Layer<Llm>, options: EdgeOptions = {}): Effect.Effect<Edge, unknown, Scope.Scope> =>
  Effect.gen(function*() {
    const layer = edgeLayer({ host: "127.0.0.1", port: 0, corsOrigins: options.corsOrigins ?? [], playground: options.playground ?? true }).pipe(
      Layer.provide(Layer.mergeAll(
        llm,
        GroundingNoneTest,
        WorkerConfigTest(options.settings),
        memoryCache(),
        OpsTest({
          ...(options.apiKeys === undefined ? {} : { apiKeys: options.apiKeys }),
          ...(options.maxStreamsPerKey === undefined ? {} : { maxStreamsPerKey: options.maxStreamsPerKey })
        })
      )),
      Layer.provide(Logger.minimumLogLevel(LogLevel.Warning))
    )
    const { port } = Context.get(yield* Layer.build(layer), HttpEdge)
    return { url: `http://127.0.0.1:${port}`, port }
  })

export const developerContext = {
  visited_sites: [
    { url: "https://github.com/microsoft/TypeScript", title: "TypeScript on GitHub" },
    { url: "https://stackoverflow.com/questions/tagged/typescript", title: "typescript questions" }
  ],
  search_queries: ["typescript generics tutorial"]
}

export const recommendBody = (overrides: Record<string, unknown> = {}) => ({
  user_id: "web-user",
  browser_context: developerContext,
  content_type: "technical",
  content_period: "recent",
  ...overrides
})

export interface SseEvent {
  readonly event: string
  readonly data: any
  /** Date.now() when the frame was read. */
  readonly at: number
}

/** Splits Server-Sent Events text into frames; the rest (an incomplete frame) is returned. */
export const parseFrames = (text: string): { readonly frames: ReadonlyArray<{ event: string; data: string }>; readonly rest: string } => {
  const parts = text.split("\n\n")
  const rest = parts.pop() ?? ""
  const frames = parts.map((frame) => {
    let event = "message"
    const data: Array<string> = []
    for (const line of frame.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7)
      else if (line.startsWith("data: ")) data.push(line.slice(6))
    }
    return { event, data: data.join("\n") }
  })
  return { frames, rest }
}

export const post = (url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...(signal === undefined ? {} : { signal })
  })

/** Reads an SSE response to its end (or until `onEvent` returns true, then stops reading). */
export const readEvents = async (response: Response, onEvent: (event: SseEvent) => boolean | void = () => {}) => {
  const events: Array<SseEvent> = []
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ""
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    buffer += value
    const { frames, rest } = parseFrames(buffer)
    buffer = rest
    for (const frame of frames) {
      const event = { event: frame.event, data: JSON.parse(frame.data), at: Date.now() }
      events.push(event)
      if (onEvent(event) === true) {
        await reader.cancel()
        return events
      }
    }
  }
  return events
}

export interface SocketClient {
  readonly send: (message: string) => Effect.Effect<void>
  /** The next message (parsed), or "closed" with the close code. */
  readonly next: Effect.Effect<{ readonly event: string; readonly data: any } | { readonly closed: number }>
  readonly close: Effect.Effect<void>
}

/** A WebSocket client (ws underneath), closed with the scope. */
export const openSocket = (url: string, options: { readonly protocols?: Array<string>; readonly origin?: string } = {}) =>
  Effect.gen(function*() {
    const received = yield* Queue.unbounded<{ event: string; data: any } | { closed: number }>()
    const socket = yield* Socket.makeWebSocket(url.replace(/^http/, "ws") + "/v1/recommendations/ws", {
      ...(options.protocols === undefined ? {} : { protocols: options.protocols })
    })
    const write = yield* socket.writer
    yield* Effect.forkScoped(
      socket.runRaw((data) => Queue.offer(received, JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data)))).pipe(
        Effect.catchAll((error) =>
          Queue.offer(received, { closed: error.reason === "Close" ? (error as Socket.SocketCloseError).code : -1 })
        ),
        Effect.zipRight(Queue.offer(received, { closed: 1000 }))
      )
    )
    return {
      send: (message: string) => Effect.orDie(write(message)),
      next: Queue.take(received),
      close: Effect.ignore(write(new Socket.CloseEvent(1000)))
    } satisfies SocketClient
  }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor))

export { FakeOpenAi }
