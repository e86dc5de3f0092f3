import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Layer } from "effect"
import { ProvidersUnavailable } from "../../src/domain/errors.js"
import { Llm } from "../../src/services/Llm.js"
import { call, collect, startWorker, validRequest } from "../support/grpc.js"
import { chunk, die, failAfterFirstToken, makeScriptedLlm, sleep, stall } from "../layers/LlmScripted.js"

describe("Recommend over gRPC", () => {
  it.scopedLive("streams the chunks in order, then exactly one final message, then OK", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("1. "), chunk("Python "), chunk("docs")])
      const worker = yield* startWorker(llm.layer)
      const { messages, status } = yield* call(worker, validRequest)
      expect(status.code).toBe(Status.OK)
      expect(messages.map((m) => [m.content, m.is_final])).toEqual([
        ["1. ", "false"], ["Python ", "false"], ["docs", "false"], ["추천 완료", "true"]
      ])
      expect(messages.map((m) => m.sequence)).toEqual([0, 1, 2, 3])
      expect(new Set(messages.map((m) => m.recommendation_id)).size).toBe(1)
      expect(messages.every((m) => m.provider === "scripted")).toBe(true)
    }))

  it.scopedLive("answers each malformed request with INVALID_ARGUMENT naming the problem", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("never sent")])
      const worker = yield* startWorker(llm.layer, { settings: { limits: { maxBytes: 2_000, maxSites: 3, maxQueries: 2 } } })
      const context = (value: unknown) => ({ ...validRequest, browser_context: JSON.stringify(value) })
      const cases: ReadonlyArray<[typeof validRequest, RegExp]> = [
        [{ ...validRequest, browser_context: "{not json" }, /not valid JSON/],
        [{ ...validRequest, browser_context: "[1,2]" }, /must be a JSON object/],
        [context({ search_queries: [] }), /visited_sites is required/],
        [context({ visited_sites: [] }), /search_queries is required/],
        [context({ visited_sites: "github.com", search_queries: [] }), /visited_sites must be an array/],
        [context({ visited_sites: [{ url: 3 }], search_queries: [] }), /visited_sites\[0\]\.url must be a string/],
        [context({ visited_sites: [], search_queries: ["a", "b", "c"] }), /over the limit of 2/],
        [{ ...validRequest, browser_context: JSON.stringify({ visited_sites: [], search_queries: ["x".repeat(3_000)] }) }, /over the limit of 2000 bytes/],
        [{ ...validRequest, content_period: "fortnight" }, /content_period must be one of/],
        [{ ...validRequest, user_id: "" }, /user_id is required/],
        [{ ...validRequest, user_id: "u".repeat(257) }, /user_id is longer than 256/]
      ]
      for (const [request, expected] of cases) {
        const { messages, status } = yield* call(worker, request)
        expect(status.code).toBe(Status.INVALID_ARGUMENT)
        expect(status.details).toMatch(expected)
        expect(messages).toEqual([])
      }
      expect(yield* llm.requests).toEqual([])
    }))

  it.scopedLive("accepts empty lists (a cold-start user) and an unknown content type as a hint", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("general picks")])
      const worker = yield* startWorker(llm.layer)
      const { status } = yield* call(worker, {
        user_id: "new-user",
        browser_context: JSON.stringify({ visited_sites: [], search_queries: [] }),
        content_type: "  Board Games  ",
        content_period: ""
      })
      expect(status.code).toBe(Status.OK)
      const [request] = yield* llm.requests
      expect(request?.contentType).toEqual({ _tag: "FreeText", value: "board games" })
      expect(request?.period).toBe("any")
    }))

  it.scopedLive("ends with UNAVAILABLE and no final message when the provider fails after the first token", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("1. half an"), failAfterFirstToken])
      const worker = yield* startWorker(llm.layer)
      const { messages, status } = yield* call(worker, validRequest)
      expect(status.code).toBe(Status.UNAVAILABLE)
      expect(messages.map((m) => m.is_final)).toEqual(["false"])
    }))

  it.scopedLive("ends with UNAVAILABLE when every provider is unavailable", () =>
    Effect.gen(function*() {
      const layer = Layer.succeed(Llm, Llm.of({
        stream: () => new ProvidersUnavailable({ reason: "all down", failures: [] })
      }))
      const worker = yield* startWorker(layer)
      const { messages, status } = yield* call(worker, validRequest)
      expect(status.code).toBe(Status.UNAVAILABLE)
      expect(status.details).toMatch(/retry with backoff/)
      expect(messages).toEqual([])
    }))

  it.scopedLive("hides a defect behind INTERNAL 'internal error'", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [die(new Error("OPENAI_API_KEY=sk-live-123 leaked"))])
      const worker = yield* startWorker(llm.layer)
      const { status } = yield* call(worker, validRequest)
      expect(status).toMatchObject({ code: Status.INTERNAL, details: "internal error" })
    }))

  it.scopedLive("interrupts the generation when the client cancels mid-stream", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("first"), stall])
      const worker = yield* startWorker(llm.layer)
      const stream = worker.client.Recommend(validRequest)
      const result = collect(stream)
      stream.once("data", () => stream.cancel())
      const { messages, status } = yield* Effect.promise(() => result)
      expect(status.code).toBe(Status.CANCELLED)
      expect(messages.map((m) => m.content)).toEqual(["first"])
      yield* Deferred.await(llm.interrupted)
    }))

  it.scopedLive("ends with DEADLINE_EXCEEDED and stops generating when the deadline passes", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("slow"), stall])
      const worker = yield* startWorker(llm.layer)
      const { status } = yield* call(worker, validRequest, { deadline: Date.now() + 300 })
      expect(status.code).toBe(Status.DEADLINE_EXCEEDED)
      yield* Deferred.await(llm.interrupted)
      const [request] = yield* llm.requests
      expect(request?.deadline._tag).toBe("Some")
    }))

  it.scopedLive("does not pull the generation ahead of a reader that stopped reading", () =>
    Effect.gen(function*() {
      const total = 5_000
      const text = "x".repeat(1_024)
      const llm = yield* makeScriptedLlm(() => Array.from({ length: total }, () => chunk(text)))
      const worker = yield* startWorker(llm.layer)
      const stream = worker.client.Recommend(validRequest)
      const result = collect(stream)
      stream.pause()
      // Let the server fill every buffer between it and the paused reader.
      let before = -1
      let now = yield* llm.pulled
      while (now !== before) {
        yield* Effect.sleep(200)
        before = now
        now = yield* llm.pulled
      }
      expect(now).toBeGreaterThan(0)
      expect(now).toBeLessThan(total / 2)
      stream.resume()
      const { messages, status } = yield* Effect.promise(() => result)
      expect(status.code).toBe(Status.OK)
      expect(messages).toHaveLength(total + 1)
    }))

  it.scopedLive("serves concurrent calls without mixing their chunks", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm((request) => {
        const id = request.contentType.value
        return Array.from({ length: 20 }, (_, i) => [sleep(1), chunk(`${id}:${i};`)]).flat()
      })
      const worker = yield* startWorker(llm.layer)
      const results = yield* Effect.forEach(
        Array.from({ length: 50 }, (_, i) => `caller${i}`),
        (id) => Effect.map(call(worker, { ...validRequest, content_type: id }), (r) => [id, r] as const),
        { concurrency: "unbounded" }
      )
      for (const [id, { messages, status }] of results) {
        expect(status.code).toBe(Status.OK)
        const text = messages.filter((m) => m.is_final === "false").map((m) => m.content).join("")
        expect(text).toBe(Array.from({ length: 20 }, (_, i) => `${id}:${i};`).join(""))
      }
    }))
})
