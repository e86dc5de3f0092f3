/**
 * The browser edge over real HTTP: SSE framing and order, every status row
 * (derived from the gRPC status table), a disconnect aborting the upstream,
 * the WebSocket with two requests on one socket, CORS, and the key on each
 * path. The upstream is the fake OpenAI server behind the real SDK.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer, Scope, Stream } from "effect"
import { request as httpRequest } from "node:http"
import { makePrometheusExporter } from "../../src/metrics/prometheus.js"
import { Llm } from "../../src/services/Llm.js"
import { parseSamples, sampleValue } from "../ops/support.js"
import {
  FakeOpenAi,
  fakeUpstream,
  openAiAt,
  openSocket,
  post,
  readEvents,
  recommendBody,
  type SseEvent,
  startEdge
} from "./support.js"

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u

const promise = <A>(f: () => Promise<A>) => Effect.promise(f)

describe("HTTP edge: SSE", () => {
  it.scopedLive("streams chunk events in order, then one done event with the id and provider", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.script(FakeOpenAi.text(["Read ", "the ", "TypeScript ", "handbook."], { delayMs: 5 }))
      const edge = yield* startEdge(openAiAt(fake))
      const response = yield* promise(() => post(`${edge.url}/v1/recommendations`, recommendBody()))
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/)
      const raw = yield* promise(() => response.text())
      // Each frame is exactly `event: <kind>\ndata: <one line of JSON>\n\n`.
      expect(raw).toMatch(/^(event: (chunk|done)\ndata: \{[^\n]*\}\n\n)+$/u)
      const events = raw.split("\n\n").filter((f) => f !== "").map((frame) => {
        const [eventLine, dataLine] = frame.split("\n")
        return { event: eventLine!.slice(7), data: JSON.parse(dataLine!.slice(6)) }
      })
      expect(events.map((e) => e.event)).toEqual(["chunk", "chunk", "chunk", "chunk", "done"])
      expect(events.slice(0, 4).map((e) => e.data)).toEqual([
        { content: "Read ", sequence: 0 },
        { content: "the ", sequence: 1 },
        { content: "TypeScript ", sequence: 2 },
        { content: "handbook.", sequence: 3 }
      ])
      expect(events[4]!.data.content).toBe("추천 완료")
      expect(events[4]!.data.provider).toBe("openai")
      expect(events[4]!.data.recommendation_id).toMatch(uuid)
    }))

  it.scopedLive("delivers chunks while the upstream is still generating, not all at once", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.script(FakeOpenAi.text(["one ", "two ", "three ", "four"], { delayMs: 150 }))
      const edge = yield* startEdge(openAiAt(fake))
      const response = yield* promise(() => post(`${edge.url}/v1/recommendations`, recommendBody()))
      let upstreamDoneAtFirstChunk: boolean | undefined
      const events = yield* promise(() =>
        readEvents(response, (event) => {
          if (event.event === "chunk" && upstreamDoneAtFirstChunk === undefined) {
            upstreamDoneAtFirstChunk = fake.requests[0]?.respondedAt !== undefined
          }
        })
      )
      // The first chunk was in the client's hands before the upstream had finished its answer.
      expect(upstreamDoneAtFirstChunk).toBe(false)
      expect(events.map((e) => e.event)).toEqual(["chunk", "chunk", "chunk", "chunk", "done"])
    }))

  it.scopedLive("a client that disconnects aborts the upstream request within a second", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.script(FakeOpenAi.stallAfter(["first "]))
      const edge = yield* startEdge(openAiAt(fake, { LLM_IDLE_TIMEOUT_MS: "60000" }))
      const abort = new AbortController()
      const response = yield* promise(() => post(`${edge.url}/v1/recommendations`, recommendBody(), {}, abort.signal))
      let abortedAt = 0
      yield* promise(() =>
        readEvents(response, (event) => {
          if (event.event !== "chunk") return false
          abortedAt = Date.now()
          abort.abort()
          return true
        }).catch(() => [])
      )
      expect(abortedAt).toBeGreaterThan(0)
      const closedAt = yield* promise(() => fake.waitForClientClose(0, 10_000))
      expect(closedAt - abortedAt).toBeLessThan(1_000)
    }))

  it.scopedLive("a failure after the first chunk is the stream's last event, with the gRPC status name", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.script(FakeOpenAi.cutAfter(["partial ", "answer "], { delayMs: 5 }))
      const edge = yield* startEdge(openAiAt(fake))
      const response = yield* promise(() => post(`${edge.url}/v1/recommendations`, recommendBody()))
      expect(response.status).toBe(200)
      const events = yield* promise(() => readEvents(response))
      expect(events.map((e) => e.event)).toEqual(["chunk", "chunk", "error"])
      expect(events[2]!.data).toEqual({
        code: "UNAVAILABLE",
        message: "The recommendation provider failed in the middle of the answer; retry the call."
      })
    }))
})

describe("HTTP edge: errors before the stream are plain HTTP answers", () => {
  const expectError = (response: Response, status: number, code: string) =>
    Effect.gen(function*() {
      expect(response.status).toBe(status)
      expect(response.headers.get("content-type")).toMatch(/^application\/json/)
      const body = (yield* promise(() => response.json())) as { code: string; message: string }
      expect(body.code).toBe(code)
      // One sentence (or the fixed "internal error").
      expect(body.message).toMatch(code === "INTERNAL" ? /^internal error$/u : /^[^\n]+\.$/u)
      return body
    })

  it.scopedLive("400 INVALID_ARGUMENT: one sentence naming the problem, the upstream never called", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      const edge = yield* startEdge(openAiAt(fake))
      const notJson = yield* promise(() => post(`${edge.url}/v1/recommendations`, "{nope"))
      expect((yield* expectError(notJson, 400, "INVALID_ARGUMENT")).message).toBe("The request body is not valid JSON.")
      const wrongType = yield* promise(() => post(`${edge.url}/v1/recommendations`, recommendBody({ user_id: 7 })))
      expect((yield* expectError(wrongType, 400, "INVALID_ARGUMENT")).message).toBe("user_id must be a string.")
      const noUser = yield* promise(() => post(`${edge.url}/v1/recommendations`, recommendBody({ user_id: "" })))
      expect((yield* expectError(noUser, 400, "INVALID_ARGUMENT")).message).toBe("user_id is required.")
      const badContext = yield* promise(() =>
        post(`${edge.url}/v1/recommendations`, recommendBody({ browser_context: { visited_sites: [] } }))
      )
      expect((yield* expectError(badContext, 400, "INVALID_ARGUMENT")).message).toMatch(/search_queries/)
      const badTimeout = yield* promise(() =>
        post(`${edge.url}/v1/recommendations`, recommendBody(), { "x-timeout-ms": "soon" })
      )
      yield* expectError(badTimeout, 400, "INVALID_ARGUMENT")
      expect(fake.requests).toHaveLength(0)
    }))

  it.scopedLive("401 UNAUTHENTICATED without a key or with a wrong one, before the body is read", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      const edge = yield* startEdge(openAiAt(fake), { apiKeys: ["k-right"] })
      for (const path of ["/v1/recommendations", "/v1/analyze", "/v1/feedback"]) {
        // The body is not even JSON: authentication comes first, so this is a 401, not a 400.
        const missing = yield* promise(() => post(`${edge.url}${path}`, "{not json"))
        yield* expectError(missing, 401, "UNAUTHENTICATED")
        const wrong = yield* promise(() => post(`${edge.url}${path}`, "{not json", { authorization: "Bearer k-wrong" }))
        yield* expectError(wrong, 401, "UNAUTHENTICATED")
      }
      expect(fake.requests).toHaveLength(0)
    }))

  it.scopedLive("the key as Authorization: Bearer or as x-api-key", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.setFallback(FakeOpenAi.text(["ok"]))
      const edge = yield* startEdge(openAiAt(fake), { apiKeys: ["k-right"] })
      for (const headers of [{ authorization: "Bearer k-right" }, { "x-api-key": "k-right" }]) {
        const response = yield* promise(() => post(`${edge.url}/v1/recommendations`, recommendBody(), headers))
        expect(response.status).toBe(200)
        expect((yield* promise(() => readEvents(response))).at(-1)?.event).toBe("done")
        const analysis = yield* promise(() =>
          post(`${edge.url}/v1/analyze`, { browser_context: recommendBody().browser_context }, headers)
        )
        expect(analysis.status).toBe(200)
      }
    }))

  it.scopedLive("429 RESOURCE_EXHAUSTED with Retry-After when the key's streams are all taken", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.script(FakeOpenAi.stallAfter(["holding "]))
      const edge = yield* startEdge(openAiAt(fake, { LLM_IDLE_TIMEOUT_MS: "60000" }), { maxStreamsPerKey: 1 })
      const abort = new AbortController()
      const first = yield* promise(() => post(`${edge.url}/v1/recommendations`, recommendBody(), {}, abort.signal))
      expect(first.status).toBe(200)
      const second = yield* promise(() => post(`${edge.url}/v1/recommendations`, recommendBody()))
      const body = yield* expectError(second, 429, "RESOURCE_EXHAUSTED")
      expect(second.headers.get("retry-after")).toBe("1")
      expect(body.message).toMatch(/MAX_STREAMS_PER_KEY|concurrent streams/)
      abort.abort()
    }))

  it.scopedLive("503 UNAVAILABLE when every provider fails before answering", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.setFallback(FakeOpenAi.status(503))
      const edge = yield* startEdge(openAiAt(fake))
      const response = yield* promise(() => post(`${edge.url}/v1/recommendations`, recommendBody()))
      yield* expectError(response, 503, "UNAVAILABLE")
    }))

  it.scopedLive("504 DEADLINE_EXCEEDED when x-timeout-ms passes before the first chunk; the upstream is aborted", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.script(FakeOpenAi.stallBeforeFirstByte())
      const edge = yield* startEdge(openAiAt(fake))
      const response = yield* promise(() =>
        post(`${edge.url}/v1/recommendations`, recommendBody(), { "x-timeout-ms": "400" })
      )
      yield* expectError(response, 504, "DEADLINE_EXCEEDED")
      yield* promise(() => fake.waitForClientClose(0, 10_000))
    }))

  it.scopedLive("500 'internal error' for a defect, whose cause is never shown", () =>
    Effect.gen(function*() {
      const broken = Layer.succeed(Llm, Llm.of({ stream: () => Stream.die(new Error("secret stack detail")) }))
      const edge = yield* startEdge(broken)
      const response = yield* promise(() => post(`${edge.url}/v1/recommendations`, recommendBody()))
      const body = yield* expectError(response, 500, "INTERNAL")
      expect(body.message).toBe("internal error")
    }))
})

describe("HTTP edge: analyze and feedback", () => {
  it.scopedLive("analyze returns the analysis; feedback on a finished recommendation is known and counted", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.setFallback(FakeOpenAi.text(["See https://www.typescriptlang.org/docs/"]))
      const edge = yield* startEdge(openAiAt(fake))
      const analysis = (yield* promise(() =>
        post(`${edge.url}/v1/analyze`, { browser_context: JSON.stringify(recommendBody().browser_context) }).then((r) => r.json())
      )) as { topics: Array<{ term: string }>; behaviorPattern: { label: string } }
      expect(analysis.topics.map((t) => t.term)).toContain("typescript")
      expect(typeof analysis.behaviorPattern.label).toBe("string")

      const events = yield* promise(() =>
        post(`${edge.url}/v1/recommendations`, recommendBody()).then((r) => readEvents(r))
      )
      const id = events.at(-1)?.data.recommendation_id as string
      const feedback = yield* promise(() =>
        post(`${edge.url}/v1/feedback`, { recommendation_id: id, event: "click", clicked_url: "https://www.typescriptlang.org/docs/" })
      )
      expect(feedback.status).toBe(200)
      expect(yield* promise(() => feedback.json())).toEqual({ known_recommendation: true })
      const unknownEvent = yield* promise(() => post(`${edge.url}/v1/feedback`, { recommendation_id: id, event: "like" }))
      expect(unknownEvent.status).toBe(400)
      // The same metrics as gRPC calls, told apart by the transport label.
      const samples = parseSamples((yield* makePrometheusExporter({ processMetrics: false })).body)
      expect(sampleValue(samples, "grpc_server_handled_total", { grpc_method: "Recommend", grpc_code: "OK", transport: "http" }))
        .toBeGreaterThanOrEqual(1)
      expect(sampleValue(samples, "recommendation_feedback_total", { event: "click", provider: "openai", transport: "http" }))
        .toBeGreaterThanOrEqual(1)
      expect(sampleValue(samples, "grpc_server_handled_total", { grpc_method: "Recommend", transport: "grpc" })).toBe(0)
    }))
})

describe("HTTP edge: WebSocket", () => {
  const answer = (socket: { next: Effect.Effect<any> }) =>
    Effect.gen(function*() {
      const events: Array<{ event: string; data: any }> = []
      for (;;) {
        const message = yield* socket.next
        if ("closed" in message) return { events, closed: message.closed as number }
        events.push(message)
        if (message.event === "done" || message.event === "error") return { events, closed: undefined }
      }
    })

  it.scopedLive("two requests on one socket get two answers", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.script(FakeOpenAi.text(["first ", "answer"]), FakeOpenAi.text(["second ", "answer"]))
      const edge = yield* startEdge(openAiAt(fake))
      const socket = yield* openSocket(edge.url)
      yield* socket.send(JSON.stringify(recommendBody()))
      const one = yield* answer(socket)
      yield* socket.send(JSON.stringify(recommendBody({ browser_context: { visited_sites: [], search_queries: ["marathon"] } })))
      const two = yield* answer(socket)
      expect(one.events.map((e) => e.event)).toEqual(["chunk", "chunk", "done"])
      expect(two.events.map((e) => e.event)).toEqual(["chunk", "chunk", "done"])
      expect(one.events.slice(0, 2).map((e) => e.data.content).join("")).toBe("first answer")
      expect(two.events.slice(0, 2).map((e) => e.data.content).join("")).toBe("second answer")
      expect(one.events[2]!.data.recommendation_id).not.toBe(two.events[2]!.data.recommendation_id)
      expect(fake.requests).toHaveLength(2)
    }))

  it.scopedLive("a new request replaces the answer in progress, whose upstream is aborted", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.script(FakeOpenAi.stallAfter(["stale "]), FakeOpenAi.text(["fresh"]))
      const edge = yield* startEdge(openAiAt(fake, { LLM_IDLE_TIMEOUT_MS: "60000" }))
      const socket = yield* openSocket(edge.url)
      yield* socket.send(JSON.stringify(recommendBody()))
      expect(yield* socket.next).toMatchObject({ event: "chunk", data: { content: "stale " } })
      yield* socket.send(JSON.stringify(recommendBody()))
      const fresh = yield* answer(socket)
      expect(fresh.events.map((e) => e.event)).toEqual(["chunk", "done"])
      expect(fresh.events[0]!.data.content).toBe("fresh")
      yield* promise(() => fake.waitForClientClose(0, 10_000))
    }))

  it.scopedLive("closing the socket aborts the upstream within a second", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.script(FakeOpenAi.stallAfter(["first "]))
      const edge = yield* startEdge(openAiAt(fake, { LLM_IDLE_TIMEOUT_MS: "60000" }))
      const socket = yield* openSocket(edge.url)
      yield* socket.send(JSON.stringify(recommendBody()))
      expect(yield* socket.next).toMatchObject({ event: "chunk" })
      const closedBySocketAt = Date.now()
      yield* socket.close
      const closedAt = yield* promise(() => fake.waitForClientClose(0, 10_000))
      expect(closedAt - closedBySocketAt).toBeLessThan(1_000)
    }))

  it.scopedLive("bad input is an error event on an open socket", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      const edge = yield* startEdge(openAiAt(fake))
      const socket = yield* openSocket(edge.url)
      yield* socket.send("{nope")
      expect(yield* socket.next).toEqual({
        event: "error",
        data: { code: "INVALID_ARGUMENT", message: "The request body is not valid JSON." }
      })
      yield* socket.send(JSON.stringify(recommendBody({ user_id: "" })))
      expect(yield* socket.next).toEqual({ event: "error", data: { code: "INVALID_ARGUMENT", message: "user_id is required." } })
    }))

  it.scopedLive("a message bigger than any request drops the connection before it is buffered whole; the edge keeps serving", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.script(FakeOpenAi.text(["still ", "here"]))
      const edge = yield* startEdge(openAiAt(fake))
      const socket = yield* openSocket(edge.url)
      yield* socket.send("x".repeat(8 * 1024 * 1024))
      // Dropped, not answered: without the guard the whole message is buffered, then refused with an error event.
      expect(yield* socket.next).toHaveProperty("closed")
      const again = yield* openSocket(edge.url)
      yield* again.send(JSON.stringify(recommendBody()))
      const events = [yield* again.next, yield* again.next, yield* again.next] as Array<{ event: string }>
      expect(events.map((e) => e.event)).toEqual(["chunk", "chunk", "done"])
    }))

  it.scopedLive("the key as a Sec-WebSocket-Protocol value, or in the first message", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.setFallback(FakeOpenAi.text(["ok"]))
      const edge = yield* startEdge(openAiAt(fake), { apiKeys: ["k-right"] })

      const byProtocol = yield* openSocket(edge.url, { protocols: ["llm-worker-rec", "k-right"] })
      yield* byProtocol.send(JSON.stringify(recommendBody()))
      expect((yield* answer(byProtocol)).events.at(-1)?.event).toBe("done")

      const byMessage = yield* openSocket(edge.url)
      yield* byMessage.send(JSON.stringify({ ...recommendBody(), api_key: "k-right" }))
      expect((yield* answer(byMessage)).events.at(-1)?.event).toBe("done")

      const without = yield* openSocket(edge.url)
      yield* without.send(JSON.stringify(recommendBody()))
      const refused = yield* answer(without)
      expect(refused.events).toEqual([{ event: "error", data: { code: "UNAUTHENTICATED", message: expect.any(String) } }])
      expect(yield* without.next.pipe(Effect.timeout("5 seconds"))).toEqual({ closed: 1008 })

      // A wrong key offered on the upgrade is refused before the upgrade.
      expect(yield* upgradeStatus(edge.port, { "sec-websocket-protocol": "llm-worker-rec, k-wrong" })).toBe(401)
    }))
})

/** The status a raw WebSocket upgrade request gets (101 when it is accepted). */
const upgradeStatus = (port: number, headers: Record<string, string>) =>
  Effect.async<number>((resume) => {
    const request = httpRequest({
      // A fresh connection: a pooled one may have been closed by the previous refusal.
      agent: false,
      host: "127.0.0.1",
      port,
      path: "/v1/recommendations/ws",
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        ...headers
      }
    })
    request.on("upgrade", (_response, socket) => {
      socket.destroy()
      resume(Effect.succeed(101))
    })
    request.on("response", (response) => {
      response.resume()
      resume(Effect.succeed(response.statusCode ?? 0))
    })
    request.on("error", () => resume(Effect.succeed(-1)))
    request.end()
  })

describe("HTTP edge: CORS", () => {
  it.scopedLive("an allow-listed origin is allowed; any other is refused, for fetch and WebSocket alike", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.setFallback(FakeOpenAi.text(["ok"]))
      const edge = yield* startEdge(openAiAt(fake), { corsOrigins: ["https://app.example.com"] })
      const preflight = (origin: string) =>
        promise(() =>
          fetch(`${edge.url}/v1/recommendations`, {
            method: "OPTIONS",
            headers: {
              origin,
              "access-control-request-method": "POST",
              "access-control-request-headers": "content-type, authorization"
            }
          })
        )
      const allowed = yield* preflight("https://app.example.com")
      expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.com")
      expect(allowed.headers.get("access-control-allow-headers")).toMatch(/authorization/)
      const refused = yield* preflight("https://evil.example.net")
      expect(refused.headers.get("access-control-allow-origin")).toBeNull()

      const simple = yield* promise(() => post(`${edge.url}/v1/analyze`, { browser_context: recommendBody().browser_context }, { origin: "https://evil.example.net" }))
      expect(simple.headers.get("access-control-allow-origin")).toBeNull()

      expect(yield* upgradeStatus(edge.port, { origin: "https://app.example.com" })).toBe(101)
      expect(yield* upgradeStatus(edge.port, { origin: "https://evil.example.net" })).toBe(403)
      // The playground's own page (same origin) may always connect.
      expect(yield* upgradeStatus(edge.port, { origin: edge.url })).toBe(101)
    }))

  it.scopedLive("with no HTTP_CORS_ORIGINS, no origin is allowed (never '*')", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      const edge = yield* startEdge(openAiAt(fake))
      const response = yield* promise(() =>
        fetch(`${edge.url}/v1/recommendations`, {
          method: "OPTIONS",
          headers: { origin: "https://app.example.com", "access-control-request-method": "POST" }
        })
      )
      expect(response.headers.get("access-control-allow-origin")).toBeNull()
    }))
})

describe("HTTP edge: OpenAPI and the reference page", () => {
  it.scopedLive("serves /openapi.json from the API definition and /docs without any CDN", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      const edge = yield* startEdge(openAiAt(fake))
      const spec = (yield* promise(() => fetch(`${edge.url}/openapi.json`).then((r) => r.json()))) as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
      }
      expect(Object.keys(spec.paths).sort()).toEqual(
        ["/v1/analyze", "/v1/feedback", "/v1/recommendations", "/v1/recommendations/ws"]
      )
      expect(Object.keys(spec.paths["/v1/recommendations"]!["post"]!.responses).sort()).toEqual(
        ["200", "400", "401", "429", "500", "503", "504"]
      )
      const docs = yield* promise(() => fetch(`${edge.url}/docs`).then((r) => r.text()))
      expect(docs).toContain("llm-worker-rec browser API")
      expect(docs).not.toMatch(/<script[^>]+src=["']https?:/u)
      expect(docs).not.toMatch(/<link[^>]+href=["']https?:/u)
    }))
})

describe("HTTP edge: the playground's files", () => {
  it.scopedLive("served with a policy that allows nothing from another origin; HTTP_PLAYGROUND=off removes them", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      const on = yield* startEdge(openAiAt(fake))
      const page = yield* promise(() => fetch(`${on.url}/`))
      expect(page.status).toBe(200)
      expect(page.headers.get("content-type")).toMatch(/^text\/html/)
      expect(page.headers.get("content-security-policy")).toMatch(/default-src 'self'/)
      const html = yield* promise(() => page.text())
      expect(html).not.toMatch(/(src|href)=["']https?:/u)
      for (const file of ["app.js", "samples.js", "style.css"]) {
        const response = yield* promise(() => fetch(`${on.url}/playground/${file}`))
        expect(response.status).toBe(200)
        expect(yield* promise(() => response.text())).not.toMatch(/(import|from|url\()\s*["']?https?:/u)
      }

      const off = yield* startEdge(openAiAt(fake), { playground: false })
      expect((yield* promise(() => fetch(`${off.url}/`))).status).toBe(404)
      expect((yield* promise(() => fetch(`${off.url}/playground/app.js`))).status).toBe(404)
      expect((yield* promise(() => fetch(`${off.url}/openapi.json`))).status).toBe(200)
    }))
})

describe("HTTP edge: shutdown", () => {
  it.scopedLive("a stream still open after the grace period is cut, and its upstream aborted", () =>
    Effect.gen(function*() {
      const fake = yield* fakeUpstream
      fake.script(FakeOpenAi.stallAfter(["first "]))
      const edgeScope = yield* Scope.make()
      const edge = yield* Scope.extend(
        startEdge(openAiAt(fake, { LLM_IDLE_TIMEOUT_MS: "60000" }), { settings: { shutdownGraceMs: 300 } }),
        edgeScope
      )
      const response = yield* promise(() => post(`${edge.url}/v1/recommendations`, recommendBody()))
      const reading = readEvents(response).catch(() => [])
      yield* promise(() => fake.waitForRequest(0, 10_000))
      // Without the grace period the stalled stream would hold the server open for good.
      const closed = yield* Scope.close(edgeScope, Exit.void).pipe(Effect.timeout("20 seconds"), Effect.either)
      expect(closed._tag).toBe("Right")
      yield* promise(() => fake.waitForClientClose(0, 10_000))
      yield* promise(() => reading)
    }))
})

export type { SseEvent }
