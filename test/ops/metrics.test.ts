/** /metrics after real calls: counters and histograms with the right labels, and the probes. */
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { defaultChainPolicy, makeLlmChain } from "../../src/layers/LlmChain.js"
import { countHit } from "../../src/layers/CacheMetrics.js"
import { Llm } from "../../src/services/Llm.js"
import { chunk, makeScriptedLlm, stall } from "../layers/LlmScripted.js"
import { fail, scriptedProvider, text } from "../llm/scriptedProvider.js"
import { call, collect, validRequest } from "../support/grpc.js"
import { httpGet, sampleValue, scrape, startOpsWorker } from "./support.js"

const noRetries = { ...defaultChainPolicy, retry: { ...defaultChainPolicy.retry, retries: 0 } }

describe("/metrics", () => {
  it.scopedLive("counts calls by status, times them, and sees upstream failures and fallbacks by provider", () =>
    Effect.gen(function*() {
      const primary = scriptedProvider("primary", [fail("server_error"), fail("rate_limited")])
      const backup = scriptedProvider("backup", [text(["a", "b", "c"]), text(["d", "e", "f"])])
      const llm = Layer.effect(Llm, makeLlmChain([primary, backup], noRetries))
      const worker = yield* startOpsWorker(llm)

      for (let i = 0; i < 2; i++) expect((yield* call(worker, validRequest)).status.code).toBe(Status.OK)
      expect((yield* call(worker, { ...validRequest, browser_context: "{" })).status.code).toBe(Status.INVALID_ARGUMENT)

      const answer = yield* httpGet(worker.httpPort, "/metrics")
      expect(answer.status).toBe(200)
      expect(answer.contentType).toMatch(/^text\/plain; version=0\.0\.4/)
      expect(answer.body).toMatch(/^# TYPE recommend_duration_seconds histogram$/m)
      expect(answer.body).toMatch(/^# TYPE grpc_server_handled_total counter$/m)

      const samples = yield* scrape(worker.httpPort)
      const value = (name: string, labels: Record<string, string> = {}) => sampleValue(samples, name, labels)
      expect(value("grpc_server_handled_total", { grpc_method: "Recommend", grpc_code: "OK" })).toBe(2)
      expect(value("grpc_server_handled_total", { grpc_method: "Recommend", grpc_code: "INVALID_ARGUMENT" })).toBe(1)

      expect(value("recommend_duration_seconds_count", { provider: "backup", grpc_code: "OK" })).toBe(2)
      expect(value("recommend_duration_seconds_bucket", { provider: "backup", grpc_code: "OK", le: "+Inf" })).toBe(2)
      expect(value("recommend_duration_seconds_count", { provider: "none", grpc_code: "INVALID_ARGUMENT" })).toBe(1)
      // Buckets are cumulative: each is at most the next.
      const buckets = samples.filter((s) =>
        s.name === "recommend_duration_seconds_bucket" && s.labels["provider"] === "backup"
      ).map((s) => s.value)
      expect(buckets.length).toBeGreaterThan(5)
      expect([...buckets].sort((a, b) => a - b)).toEqual(buckets)

      expect(value("recommend_first_chunk_seconds_count", { provider: "backup" })).toBe(2)
      expect(value("recommend_first_chunk_seconds_count", { provider: "none" })).toBe(0)
      expect(value("recommend_chunks_streamed_total", { provider: "backup" })).toBe(6)
      expect(value("llm_upstream_failures_total", { provider: "primary", cause: "server_error" })).toBe(1)
      expect(value("llm_upstream_failures_total", { provider: "primary", cause: "rate_limited" })).toBe(1)
      expect(value("llm_provider_fallbacks_total", { from: "primary" })).toBe(2)
      expect(value("llm_provider_fallbacks_total", { from: "backup" })).toBe(0)
      expect(value("recommend_streams_in_flight")).toBe(0)
      // The process metrics come along.
      expect(samples.some((s) => s.name === "process_cpu_user_seconds_total")).toBe(true)
    }))

  it.scopedLive("shows the streams in flight", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("first"), stall], "stalling")
      const worker = yield* startOpsWorker(llm.layer)
      const stream = worker.client.Recommend(validRequest)
      const result = collect(stream)
      yield* Effect.async<void>((resume) => void stream.once("data", () => resume(Effect.void)))
      expect(sampleValue(yield* scrape(worker.httpPort), "recommend_streams_in_flight")).toBe(1)
      stream.cancel()
      expect((yield* Effect.promise(() => result)).status.code).toBe(Status.CANCELLED)
    }))

  it.scopedLive("exports the cache's Effect metrics too", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("x")])
      const worker = yield* startOpsWorker(llm.layer)
      const before = sampleValue(yield* scrape(worker.httpPort), "cache_hits_total", { cache: "analysis" })
      yield* countHit("analysis")
      expect(sampleValue(yield* scrape(worker.httpPort), "cache_hits_total", { cache: "analysis" })).toBe(before + 1)
    }))

  it.scopedLive("answers /healthz and /readyz while serving, 404 elsewhere", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("x")])
      const worker = yield* startOpsWorker(llm.layer)
      expect(yield* httpGet(worker.httpPort, "/healthz")).toMatchObject({ status: 200 })
      expect(yield* httpGet(worker.httpPort, "/readyz")).toMatchObject({ status: 200 })
      expect((yield* httpGet(worker.httpPort, "/nope")).status).toBe(404)
    }))
})
