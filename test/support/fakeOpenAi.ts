/**
 * A fake OpenAI-compatible chat-completions server for tests, benchmarks and
 * resilience drills: real HTTP (node:http on 127.0.0.1, port 0), real SSE.
 *
 * Every request to `POST <anything>/chat/completions` is answered by the next
 * scripted behaviour (a queue), or by the `fallback` once the queue is empty.
 * A behaviour may also be a function of the recorded request. Every request
 * is recorded (body JSON, headers, times), including the moment the client
 * closed the connection before the response was complete.
 *
 * No test framework is imported: usable from vitest and from a plain
 * `node --import tsx` script alike.
 *
 * ```ts
 * const fake = await startFakeOpenAi()
 * fake.script(FakeOpenAi.text(["Hello", ", world"], { delayMs: 5 }), FakeOpenAi.status(503))
 * // point an OpenAI client at fake.baseURL ...
 * await fake.close()
 * ```
 */
import * as http from "node:http"
import type { AddressInfo, Socket } from "node:net"

/** What happens after the scripted chunks have been sent. */
export type StreamEnding =
  /** A chunk with `finish_reason` (default "stop"), then `data: [DONE]`: a complete answer. */
  | "finish"
  /** A chunk with `finish_reason` but no `[DONE]` (some servers do this; still complete). */
  | "finish-no-done"
  /** End the response cleanly without a `finish_reason` chunk or `[DONE]`: a truncated answer. */
  | "end"
  /** Destroy the socket mid-response (a connection cut). */
  | "cut"
  /** Keep the connection open and send nothing more (a stalled upstream). */
  | "stall"
  /** Send a `data:` line that is not JSON, then end. */
  | "malformed"
  /** Send an SSE error object (`data: {"error": ...}`), then end. */
  | "error-event"

export interface SearchResult {
  readonly title: string
  readonly url: string
  readonly date?: string
}

export interface StreamBehaviour {
  readonly type: "stream"
  /** Text deltas, one SSE chunk each, in order. */
  readonly chunks: ReadonlyArray<string>
  /** Wait before sending the status line and headers (a stall before the first byte). */
  readonly headersDelayMs?: number
  /** Wait after the headers before the first text chunk (a slow first token). */
  readonly firstChunkDelayMs?: number
  /** Wait between text chunks. */
  readonly delayMs?: number
  readonly ending?: StreamEnding
  readonly finishReason?: string
  /** Perplexity style: URLs on every chunk. */
  readonly citations?: ReadonlyArray<string>
  /** Perplexity style: search results on every chunk. */
  readonly searchResults?: ReadonlyArray<SearchResult>
  readonly model?: string
}

export interface StatusBehaviour {
  readonly type: "status"
  readonly status: number
  /** Sent as the `Retry-After` header (seconds). */
  readonly retryAfterSeconds?: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: unknown
  /** Wait before answering. */
  readonly delayMs?: number
}

export interface StallBehaviour {
  /** Accept the request and never answer (no status line, no byte) until the client goes away. */
  readonly type: "stall"
}

export interface DropBehaviour {
  /** Destroy the socket without answering (a connection reset before any byte). */
  readonly type: "drop"
}

export type Behaviour = StreamBehaviour | StatusBehaviour | StallBehaviour | DropBehaviour

export type BehaviourSource = Behaviour | ((request: RecordedRequest) => Behaviour)

export interface RecordedRequest {
  /** 0-based order of arrival. */
  readonly index: number
  readonly method: string
  readonly path: string
  readonly headers: http.IncomingHttpHeaders
  /** The parsed JSON body (undefined when it was not JSON). */
  readonly body: any
  readonly rawBody: string
  /** `Date.now()` when the request body had arrived. */
  readonly receivedAt: number
  /** `Date.now()` when the response was complete (the server ended it). */
  respondedAt: number | undefined
  /** `Date.now()` when the client closed the connection before the response was complete. */
  clientClosedAt: number | undefined
  /** The behaviour that answered it. */
  behaviour: Behaviour | undefined
}

/** Constructors for the common behaviours. */
export const FakeOpenAi = {
  /** A complete streamed answer. */
  text: (chunks: ReadonlyArray<string>, options: Omit<StreamBehaviour, "type" | "chunks"> = {}): StreamBehaviour => ({
    type: "stream",
    chunks,
    ...options
  }),
  status: (status: number, options: Omit<StatusBehaviour, "type" | "status"> = {}): StatusBehaviour => ({
    type: "status",
    status,
    ...options
  }),
  rateLimited: (retryAfterSeconds?: number): StatusBehaviour => ({
    type: "status",
    status: 429,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds })
  }),
  stallBeforeFirstByte: (): StallBehaviour => ({ type: "stall" }),
  drop: (): DropBehaviour => ({ type: "drop" }),
  /** Sends `chunks` then keeps the connection open forever. */
  stallAfter: (chunks: ReadonlyArray<string>, options: Omit<StreamBehaviour, "type" | "chunks" | "ending"> = {}): StreamBehaviour => ({
    type: "stream",
    chunks,
    ending: "stall",
    ...options
  }),
  cutAfter: (chunks: ReadonlyArray<string>, options: Omit<StreamBehaviour, "type" | "chunks" | "ending"> = {}): StreamBehaviour => ({
    type: "stream",
    chunks,
    ending: "cut",
    ...options
  }),
  truncatedAfter: (chunks: ReadonlyArray<string>, options: Omit<StreamBehaviour, "type" | "chunks" | "ending"> = {}): StreamBehaviour => ({
    type: "stream",
    chunks,
    ending: "end",
    ...options
  }),
  malformedAfter: (chunks: ReadonlyArray<string>, options: Omit<StreamBehaviour, "type" | "chunks" | "ending"> = {}): StreamBehaviour => ({
    type: "stream",
    chunks,
    ending: "malformed",
    ...options
  })
} as const

export interface FakeOpenAiServer {
  /** `http://127.0.0.1:<port>/v1`: what an OpenAI client takes as `baseURL`. */
  readonly baseURL: string
  readonly port: number
  /** Every request so far, in order of arrival. */
  readonly requests: ReadonlyArray<RecordedRequest>
  /** Appends behaviours to the queue. */
  readonly script: (...behaviours: ReadonlyArray<BehaviourSource>) => void
  /** What answers once the queue is empty (default: a 500 saying nothing was scripted). */
  readonly setFallback: (behaviour: BehaviourSource) => void
  /** Empties the queue and forgets the recorded requests. */
  readonly reset: () => void
  /** Resolves with the `n`th request (0-based) once it has arrived. */
  readonly waitForRequest: (index: number, timeoutMs?: number) => Promise<RecordedRequest>
  /** Resolves with the time the client closed request `index` early; rejects after `timeoutMs`. */
  readonly waitForClientClose: (index: number, timeoutMs?: number) => Promise<number>
  /** Stops listening, ends every open response and connection, cancels every timer. */
  readonly close: () => Promise<void>
}

export interface FakeOpenAiOptions {
  /** Default 0: a free port. */
  readonly port?: number
  readonly fallback?: BehaviourSource
  /**
   * How long an idle connection is kept (default 1 s). A client may reuse a
   * connection just as the server closes it ("other side closed"), more often
   * on a busy machine: the bench uses a real upstream's minute.
   */
  readonly keepAliveTimeoutMs?: number
}

const unscripted: StatusBehaviour = {
  type: "status",
  status: 500,
  body: { error: { message: "fake-openai: no behaviour scripted for this request", type: "server_error" } }
}

/** Starts a fake server on 127.0.0.1 and resolves once it listens. */
export const startFakeOpenAi = async (options: FakeOpenAiOptions = {}): Promise<FakeOpenAiServer> => {
  const queue: Array<BehaviourSource> = []
  let fallback: BehaviourSource = options.fallback ?? unscripted
  let requests: Array<RecordedRequest> = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const waiters = new Set<() => void>()
  let closed = false

  const notify = () => {
    for (const waiter of [...waiters]) waiter()
  }

  const sleep = (ms: number, res: http.ServerResponse): Promise<boolean> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve(!res.destroyed)
      const timer = setTimeout(() => {
        timers.delete(timer)
        res.off("close", onClose)
        resolve(!res.destroyed)
      }, ms)
      const onClose = () => {
        clearTimeout(timer)
        timers.delete(timer)
        resolve(false)
      }
      timers.add(timer)
      res.once("close", onClose)
    })

  const chunkJson = (behaviour: StreamBehaviour, id: string, delta: object, finishReason: string | null) => ({
    id,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model: behaviour.model ?? "fake-model",
    choices: [{ index: 0, delta, finish_reason: finishReason }],
    ...(behaviour.citations === undefined ? {} : { citations: behaviour.citations }),
    ...(behaviour.searchResults === undefined ? {} : { search_results: behaviour.searchResults })
  })

  const serveStream = async (behaviour: StreamBehaviour, recorded: RecordedRequest, res: http.ServerResponse) => {
    if (!(await sleep(behaviour.headersDelayMs ?? 0, res))) return
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive"
    })
    res.flushHeaders()
    const id = `chatcmpl-fake-${recorded.index}`
    const send = (data: unknown) => res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`)
    send(chunkJson(behaviour, id, { role: "assistant", content: "" }, null))
    if (!(await sleep(behaviour.firstChunkDelayMs ?? 0, res))) return
    for (const [i, text] of behaviour.chunks.entries()) {
      if (i > 0 && !(await sleep(behaviour.delayMs ?? 0, res))) return
      if (res.destroyed) return
      send(chunkJson(behaviour, id, { content: text }, null))
    }
    const ending = behaviour.ending ?? "finish"
    switch (ending) {
      case "finish":
      case "finish-no-done":
        send(chunkJson(behaviour, id, {}, behaviour.finishReason ?? "stop"))
        if (ending === "finish") send("[DONE]")
        res.end()
        return
      case "end":
        res.end()
        return
      case "cut":
        // Let the chunks written so far reach the client, then reset.
        await sleep(20, res)
        res.socket?.destroy()
        return
      case "stall":
        return
      case "malformed":
        send("{this is not json")
        res.end()
        return
      case "error-event":
        send({ error: { message: "fake-openai: upstream error mid-stream", type: "server_error" } })
        res.end()
        return
    }
  }

  const serveStatus = async (behaviour: StatusBehaviour, res: http.ServerResponse) => {
    if (!(await sleep(behaviour.delayMs ?? 0, res))) return
    const body = behaviour.body ?? {
      error: { message: `fake-openai: scripted status ${behaviour.status}`, type: "fake_error", code: null, param: null }
    }
    res.writeHead(behaviour.status, {
      "content-type": "application/json",
      ...(behaviour.retryAfterSeconds === undefined ? {} : { "retry-after": String(behaviour.retryAfterSeconds) }),
      ...behaviour.headers
    })
    res.end(JSON.stringify(body))
  }

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const parts: Array<Buffer> = []
    for await (const part of req) parts.push(part as Buffer)
    const rawBody = Buffer.concat(parts).toString("utf8")
    let body: unknown
    try {
      body = JSON.parse(rawBody)
    } catch {
      body = undefined
    }
    const recorded: RecordedRequest = {
      index: requests.length,
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body,
      rawBody,
      receivedAt: Date.now(),
      respondedAt: undefined,
      clientClosedAt: undefined,
      behaviour: undefined
    }
    requests.push(recorded)
    res.on("finish", () => {
      recorded.respondedAt = Date.now()
      notify()
    })
    res.on("close", () => {
      if (!res.writableFinished && recorded.clientClosedAt === undefined && !closed) {
        recorded.clientClosedAt = Date.now()
      }
      notify()
    })
    notify()

    if (req.method !== "POST" || !(req.url ?? "").endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" })
      res.end(JSON.stringify({ error: { message: `fake-openai: no route ${req.method} ${req.url}` } }))
      return
    }
    const source = queue.shift() ?? fallback
    const behaviour = typeof source === "function" ? source(recorded) : source
    recorded.behaviour = behaviour
    switch (behaviour.type) {
      case "stream":
        return serveStream(behaviour, recorded, res)
      case "status":
        return serveStatus(behaviour, res)
      case "stall":
        return
      case "drop":
        req.socket.destroy()
        return
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500)
      res.end(String(error))
    })
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 1_000

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port

  const waitFor = <A>(check: () => A | undefined, timeoutMs: number, what: string): Promise<A> =>
    new Promise((resolve, reject) => {
      const now = check()
      if (now !== undefined) return resolve(now)
      const waiter = () => {
        const value = check()
        if (value === undefined) return
        cleanup()
        resolve(value)
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`fake-openai: timed out after ${timeoutMs} ms waiting for ${what}`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        waiters.delete(waiter)
      }
      waiters.add(waiter)
    })

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    get requests() {
      return requests
    },
    script: (...behaviours) => {
      queue.push(...behaviours)
    },
    setFallback: (behaviour) => {
      fallback = behaviour
    },
    reset: () => {
      queue.length = 0
      requests = []
    },
    waitForRequest: (index, timeoutMs = 5_000) =>
      waitFor(() => requests[index], timeoutMs, `request #${index}`),
    waitForClientClose: (index, timeoutMs = 5_000) =>
      waitFor(() => requests[index]?.clientClosedAt, timeoutMs, `the client to close request #${index}`),
    close: async () => {
      if (closed) return
      closed = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      const done = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      for (const socket of sockets) socket.destroy()
      for (const waiter of [...waiters]) waiter()
      await done
    }
  }
}
