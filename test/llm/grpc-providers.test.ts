/**
 * The providers through the real gRPC server and a real grpc-js client:
 * LlmLive (configured from a ConfigProvider) with openai and perplexity
 * pointed at fake OpenAI-compatible servers, the embedded catalog last.
 */
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { contentPeriods } from "../../src/domain/request.js"
import { type Behaviour, FakeOpenAi } from "../support/fakeOpenAi.js"
import { call, collect, startWorker, validRequest } from "../support/grpc.js"
import { twoFakesChain } from "./chainSetup.js"

const setup = (env: Record<string, string> = {}) =>
  Effect.gen(function*() {
    const { openai, perplexity, layer } = yield* twoFakesChain(env)
    const llm = Layer.orDie(layer)
    const worker = yield* startWorker(llm)
    return { openai, perplexity, worker }
  })

const answer = ["1. Effect Documentation", " — https://effect.website/docs", "\n   Fits your reading."]

const faults: ReadonlyArray<readonly [string, Behaviour]> = [
  ["HTTP 500", FakeOpenAi.status(500)],
  ["HTTP 503", FakeOpenAi.status(503)],
  ["HTTP 429", FakeOpenAi.rateLimited(0)],
  ["a stall before the first byte", FakeOpenAi.stallBeforeFirstByte()],
  ["a dropped connection", FakeOpenAi.drop()],
  ["a stream that ends before any text", FakeOpenAi.truncatedAfter([])],
  ["malformed SSE", FakeOpenAi.malformedAfter([])]
]

/** Old clients' view: every message is text (an item completed by the answer's end rides on the final one). */
const textMessages = <M extends { readonly content: string }>(messages: ReadonlyArray<M>) => {
  expect(messages.filter((m) => m.content === "")).toEqual([])
  return messages
}

describe("providers through gRPC", () => {
  it.scopedLive("streams the upstream's text in order, then the final message", () =>
    Effect.gen(function*() {
      const { openai, worker } = yield* setup()
      openai.script(FakeOpenAi.text(answer, { delayMs: 5 }))
      const { messages: all, status } = yield* call(worker, validRequest)
      expect(status.code).toBe(Status.OK)
      // The answer's one item completes with its end: it comes on the final message.
      expect(all.filter((m) => m.item !== null).map((m) => [m.content, m.item?.url, m.item?.source])).toEqual([
        ["추천 완료", "https://effect.website/docs", "model"]
      ])
      const messages = textMessages(all)
      expect(messages.map((m) => [m.content, m.is_final])).toEqual([
        ...answer.map((text) => [text, "false"]),
        ["추천 완료", "true"]
      ])
      expect(messages.slice(0, -1).every((m) => m.provider === "openai")).toBe(true)
    }))

  for (const [name, fault] of faults) {
    it.scopedLive(`${name} on openai fails over to perplexity; the client sees one provider's answer`, () =>
      Effect.gen(function*() {
        const { openai, perplexity, worker } = yield* setup()
        openai.setFallback(fault)
        perplexity.script(FakeOpenAi.text(answer))
        const { messages: all, status } = yield* call(worker, validRequest)
        expect(status.code).toBe(Status.OK)
        const messages = textMessages(all)
        expect(messages.map((m) => m.content)).toEqual([...answer, "추천 완료"])
        expect(messages.slice(0, -1).every((m) => m.provider === "perplexity")).toBe(true)
        expect(openai.requests.length).toBeGreaterThanOrEqual(1)
      }))
  }

  it.scopedLive("a cut after the first token ends the call with UNAVAILABLE and no final message", () =>
    Effect.gen(function*() {
      const { openai, perplexity, worker } = yield* setup()
      openai.script(FakeOpenAi.cutAfter(["1. half"]))
      const { messages, status } = yield* call(worker, validRequest)
      expect(status.code).toBe(Status.UNAVAILABLE)
      expect(messages.map((m) => [m.content, m.is_final])).toEqual([["1. half", "false"]])
      expect(perplexity.requests).toHaveLength(0)
    }))

  it.scopedLive("a stream truncated after text ends with UNAVAILABLE, never a final message", () =>
    Effect.gen(function*() {
      const { openai, worker } = yield* setup()
      openai.script(FakeOpenAi.truncatedAfter(["1. half"]))
      const { messages, status } = yield* call(worker, validRequest)
      expect(status.code).toBe(Status.UNAVAILABLE)
      expect(messages.some((m) => m.is_final === "true")).toBe(false)
    }))

  it.scopedLive("every LLM down and no catalog: UNAVAILABLE", () =>
    Effect.gen(function*() {
      const { openai, perplexity, worker } = yield* setup({ LLM_PROVIDERS: "openai,perplexity" })
      openai.setFallback(FakeOpenAi.status(503))
      perplexity.setFallback(FakeOpenAi.rateLimited(0))
      const { messages, status } = yield* call(worker, validRequest)
      expect(status.code).toBe(Status.UNAVAILABLE)
      expect(messages).toEqual([])
      expect(status.details).not.toMatch(/sk-openai-test|pplx-test/)
    }))

  it.scopedLive("a client cancel closes the upstream connection within a second", () =>
    Effect.gen(function*() {
      const { openai, worker } = yield* setup()
      openai.script(FakeOpenAi.text(Array.from({ length: 100 }, (_, i) => `t${i} `), { delayMs: 100 }))
      const stream = worker.client.Recommend(validRequest)
      const cancelledAt = yield* Effect.promise(() =>
        new Promise<number>((resolve) => {
          stream.once("data", () => {
            stream.cancel()
            resolve(Date.now())
          })
        })
      )
      const { status } = yield* Effect.promise(() => collect(stream))
      expect(status.code).toBe(Status.CANCELLED)
      const closedAt = yield* Effect.promise(() => openai.waitForClientClose(0, 1_000))
      expect(closedAt - cancelledAt).toBeLessThan(1_000)
    }))

  it.scopedLive("a deadline that passes while waiting for the first token closes the upstream connection", () =>
    Effect.gen(function*() {
      const { openai, worker } = yield* setup({ LLM_FIRST_TOKEN_TIMEOUT_MS: "10000" })
      openai.script(FakeOpenAi.stallBeforeFirstByte())
      const { status } = yield* call(worker, validRequest, { deadline: Date.now() + 300 })
      expect(status.code).toBe(Status.DEADLINE_EXCEEDED)
      yield* Effect.promise(() => openai.waitForClientClose(0, 1_000))
    }))

  it.scopedLive("the circuit breaker skips a dead provider: its server gets no more requests", () =>
    Effect.gen(function*() {
      const { openai, perplexity, worker } = yield* setup({ LLM_RETRIES: "0", LLM_CIRCUIT_FAILURES: "2" })
      openai.setFallback(FakeOpenAi.status(503))
      perplexity.setFallback(FakeOpenAi.text(["p"]))
      for (let i = 0; i < 5; i++) {
        const { status } = yield* call(worker, validRequest)
        expect(status.code).toBe(Status.OK)
      }
      expect(openai.requests).toHaveLength(2)
      expect(perplexity.requests).toHaveLength(5)
    }))

  it.scopedLive("the Perplexity request carries the recency filter for each content_period", () =>
    Effect.gen(function*() {
      const { perplexity, worker } = yield* setup({ LLM_PROVIDERS: "perplexity" })
      perplexity.setFallback(FakeOpenAi.text(["p"], { citations: ["https://effect.website/docs"] }))
      const periods = ["", ...contentPeriods, "최근", "30d"]
      for (const period of periods) {
        const { messages, status } = yield* call(worker, { ...validRequest, content_period: period })
        expect(status.code).toBe(Status.OK)
        expect(messages.map((m) => m.content).join("")).toContain("Sources:\n1. https://effect.website/docs")
      }
      expect(perplexity.requests.map((r) => r.body.search_recency_filter)).toEqual([
        undefined, undefined, "week", "day", "week", "month", "year", "week", "month"
      ])
      expect(perplexity.requests.every((r) => r.body.model === "sonar")).toBe(true)
    }))

  it.scopedLive("what reaches the upstream holds no email, query string or raw user id", () =>
    Effect.gen(function*() {
      const { openai, worker } = yield* setup()
      openai.script(FakeOpenAi.text(["ok"]))
      const userId = "minji.choi-90210"
      const context = {
        visited_sites: [
          { url: `https://mail.example.com/inbox?user=${userId}&token=tok_123#m1`, title: `Inbox - minji@example.co.kr` },
          { url: `https://github.com/${userId}?tab=repositories`, title: `${userId} (Minji Choi) · GitHub` },
          { url: "https://docs.python.org/3/tutorial/?utm_source=x", title: "The Python Tutorial" }
        ],
        search_queries: ["email me at minji@example.co.kr", `${userId} resume`, "python asyncio tutorial"]
      }
      const { status } = yield* call(worker, { ...validRequest, user_id: userId, browser_context: JSON.stringify(context) })
      expect(status.code).toBe(Status.OK)
      const body = decodeURIComponent(openai.requests[0]?.rawBody ?? "")
      expect(body).not.toContain(userId)
      expect(body).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/)
      expect(body).not.toMatch(/https?:\/\/[^\s"]*\?/)
      for (const secret of ["tok_123", "token=", "utm_source", "tab=repositories"]) expect(body).not.toContain(secret)
      expect(body).toContain("python asyncio tutorial")
    }))
})
