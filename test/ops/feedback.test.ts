/** RecordFeedback: validation, the click-through counters, and the id in the response headers. */
import * as grpc from "@grpc/grpc-js"
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, TestClock } from "effect"
import type { FeedbackRequest } from "../../src/grpc/generated/recommendation/FeedbackRequest.js"
import type { FeedbackResponse__Output } from "../../src/grpc/generated/recommendation/FeedbackResponse.js"
import { recommendationIdHeader } from "../../src/grpc/recommend.js"
import { make as makeRecent } from "../../src/layers/RecentRecommendations.js"
import { chunk, makeScriptedLlm } from "../layers/LlmScripted.js"
import { collect, validRequest, type Worker } from "../support/grpc.js"
import { captureLogs, sampleValue, scrape, startOpsWorker, type UnaryOutcome } from "./support.js"

const record = (worker: Worker, request: FeedbackRequest) =>
  Effect.async<UnaryOutcome<FeedbackResponse__Output>>((resume) => {
    worker.client.RecordFeedback(request, (error, value) =>
      resume(Effect.succeed({ value: value ?? undefined, error: error ?? undefined })))
  })

/** A whole Recommend call, with the initial metadata's recommendation id. */
const recommend = (worker: Worker, request = validRequest) =>
  Effect.promise(() => {
    const stream = worker.client.Recommend(request)
    const header = new Promise<string | undefined>((resolve) =>
      stream.once("metadata", (metadata: grpc.Metadata) => resolve(metadata.get(recommendationIdHeader)[0]?.toString()))
    )
    return Promise.all([collect(stream), header]).then(([result, headerId]) => ({ ...result, headerId }))
  })

const clickedUrl = "https://example.com/articles/private-path?token=abc123"

describe("RecordFeedback", () => {
  it.scopedLive("sends the recommendation id in the initial metadata, the same as in every message", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("a"), chunk("b")])
      const worker = yield* startOpsWorker(llm.layer)
      const { headerId, messages } = yield* recommend(worker)
      expect(headerId).toMatch(/^[0-9a-f-]{36}$/)
      expect(new Set(messages.map((m) => m.recommendation_id))).toEqual(new Set([headerId]))
    }))

  it.scopedLive("counts impressions, clicks and dismissals by the provider and content type of the recommendation", () =>
    Effect.gen(function*() {
      const logs = yield* captureLogs
      const llm = yield* makeScriptedLlm(() => [chunk("pick")], "ctr-provider")
      const worker = yield* startOpsWorker(llm.layer, { logs: logs.layer })
      const news = yield* recommend(worker, { ...validRequest, content_type: "news" })
      const hint = yield* recommend(worker, { ...validRequest, content_type: "board games" })
      const newsId = news.headerId ?? ""

      for (const event of ["impression", "impression", "click", "dismiss"]) {
        const { error, value } = yield* record(worker, {
          recommendation_id: newsId,
          event,
          ...(event === "click" ? { clicked_url: clickedUrl } : {}),
          user_id: "test_user"
        })
        expect(error).toBeUndefined()
        expect(value?.known_recommendation).toBe(true)
      }
      expect((yield* record(worker, { recommendation_id: hint.headerId ?? "", event: "CLICK" })).error).toBeUndefined()
      const unknown = yield* record(worker, { recommendation_id: "00000000-0000-4000-8000-000000000000", event: "click" })
      expect(unknown.value?.known_recommendation).toBe(false)

      const samples = yield* scrape(worker.httpPort)
      const count = (labels: Record<string, string>) => sampleValue(samples, "recommendation_feedback_total", labels)
      const news_ = { provider: "ctr-provider", content_type: "news" }
      expect(count({ ...news_, event: "impression" })).toBe(2)
      expect(count({ ...news_, event: "click" })).toBe(1)
      expect(count({ ...news_, event: "dismiss" })).toBe(1)
      // A caller's free-text content type is one bounded label.
      expect(count({ provider: "ctr-provider", content_type: "other", event: "click" })).toBe(1)
      expect(count({ provider: "unknown", event: "click" })).toBe(1)
      expect(sampleValue(samples, "grpc_server_handled_total", { grpc_method: "RecordFeedback", grpc_code: "OK" }))
        .toBe(6)

      // The clicked URL is checked, never logged; the user only as a pseudonym.
      const text = logs.lines().join("\n")
      expect(text).toContain("feedback recorded")
      expect(text).not.toContain("example.com")
      expect(text).not.toContain("abc123")
      expect(text).not.toContain("test_user")
    }))

  it.scopedLive("answers malformed feedback with INVALID_ARGUMENT and one sentence, counting nothing", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("pick")], "validated")
      const worker = yield* startOpsWorker(llm.layer)
      const { headerId } = yield* recommend(worker)
      const id = headerId ?? ""
      const cases: ReadonlyArray<[FeedbackRequest, RegExp]> = [
        [{ event: "click" }, /^recommendation_id is required\.$/],
        [{ recommendation_id: "42", event: "click" }, /^recommendation_id must be the UUID a Recommend call returned\.$/],
        [{ recommendation_id: id }, /^event must be one of: impression, click, dismiss\.$/],
        [{ recommendation_id: id, event: "like" }, /^event must be one of/],
        [{ recommendation_id: id, event: "click", clicked_url: "javascript:alert(1)" }, /clicked_url must be an absolute http/],
        [{ recommendation_id: id, event: "click", clicked_url: "/relative" }, /clicked_url must be an absolute http/],
        [{ recommendation_id: id, event: "click", clicked_url: `https://e.com/${"x".repeat(3_000)}` }, /longer than 2048/],
        [{ recommendation_id: id, event: "click", user_id: "u".repeat(300) }, /user_id is longer than 256/]
      ]
      for (const [request, expected] of cases) {
        const { error } = yield* record(worker, request)
        expect(error?.code, JSON.stringify(request).slice(0, 80)).toBe(Status.INVALID_ARGUMENT)
        expect(error?.details).toMatch(expected)
      }
      const samples = yield* scrape(worker.httpPort)
      expect(sampleValue(samples, "recommendation_feedback_total", { provider: "validated" })).toBe(0)
      expect(sampleValue(samples, "grpc_server_handled_total", { grpc_method: "RecordFeedback", grpc_code: "INVALID_ARGUMENT" }))
        .toBe(cases.length)
    }))

  it.scopedLive("does not remember calls that produced no text", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("pick")])
      const worker = yield* startOpsWorker(llm.layer)
      const failed = yield* recommend(worker, { ...validRequest, browser_context: "{" })
      expect(failed.status.code).toBe(Status.INVALID_ARGUMENT)
      const id = failed.headerId ?? ""
      expect(id).not.toBe("")
      expect((yield* record(worker, { recommendation_id: id, event: "impression" })).value?.known_recommendation).toBe(false)
    }))
})

describe("recent recommendations", () => {
  const facts = { provider: "openai", contentType: "news" }

  it.effect("forget an id after the TTL", () =>
    Effect.gen(function*() {
      const recent = makeRecent({ maxEntries: 10, ttlSeconds: 60 })
      yield* recent.remember("a", facts)
      yield* TestClock.adjust("59 seconds")
      expect(yield* recent.lookup("a")).toEqual(Option.some(facts))
      yield* TestClock.adjust("1 second")
      expect(yield* recent.lookup("a")).toEqual(Option.none())
    }))

  it.effect("keep at most maxEntries, dropping the oldest", () =>
    Effect.gen(function*() {
      const recent = makeRecent({ maxEntries: 2, ttlSeconds: 60 })
      for (const id of ["a", "b", "c"]) yield* recent.remember(id, facts)
      expect(Option.isNone(yield* recent.lookup("a"))).toBe(true)
      expect(Option.isSome(yield* recent.lookup("b"))).toBe(true)
      expect(Option.isSome(yield* recent.lookup("c"))).toBe(true)
    }))
})
