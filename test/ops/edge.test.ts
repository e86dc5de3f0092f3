/**
 * The edge under hostile input, through the real server: the transport's
 * message size limit, and authentication before any byte of the request is
 * decoded (a refused call costs neither CPU nor memory, whatever its body).
 */
import * as grpc from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { defaultContextLimits } from "../../src/domain/context.js"
import { maxContentTypeBytes, maxUserIdLength } from "../../src/domain/request.js"
import { admittedCaller } from "../../src/grpc/authenticate.js"
import { maxReceiveMessageBytes } from "../../src/grpc/server.js"
import { chunk, makeScriptedLlm } from "../layers/LlmScripted.js"
import { OpsTest } from "../layers/OpsTest.js"
import { collect, developerContext, startWorker, validRequest, type Worker } from "../support/grpc.js"
import { captureLogs, metadataWith } from "./support.js"

const key = "sk-edge-test-0123456789abcdef"
const path = "/recommendation.RecommendationService/Recommend"

/** A Recommend call whose body is exactly these bytes, valid protobuf or not. */
const rawCall = (worker: Worker, body: Buffer, metadata: grpc.Metadata) =>
  Effect.promise(() =>
    collect(worker.client.makeServerStreamRequest(path, (b: Buffer) => b, (b: Buffer) => b, body, metadata) as never)
  )

/** A context padded to exactly `bytes` of UTF-8 (in an extra field, which decoding ignores). */
const contextOfBytes = (bytes: number): string => {
  const base = JSON.stringify({ ...developerContext, padding: "" })
  return JSON.stringify({ ...developerContext, padding: "a".repeat(bytes - Buffer.byteLength(base)) })
}

const rssMb = () => process.memoryUsage().rss / 1e6

describe("message size limit", () => {
  it.scopedLive("lets the largest valid request through and refuses anything bigger in the transport", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("answer")])
      const worker = yield* startWorker(llm.layer)
      // Every field at its cap: 256 four-byte characters, 256 bytes of hint, a context of MAX_CONTEXT_BYTES.
      const largest = {
        user_id: "𝒳".repeat(maxUserIdLength),
        browser_context: contextOfBytes(defaultContextLimits.maxBytes),
        content_type: "h".repeat(maxContentTypeBytes),
        content_period: "recent"
      }
      expect(Buffer.byteLength(largest.browser_context)).toBe(defaultContextLimits.maxBytes)
      const ok = yield* Effect.promise(() => collect(worker.client.Recommend(largest)))
      expect(ok.status.code, ok.status.details).toBe(grpc.status.OK)

      const limit = maxReceiveMessageBytes(defaultContextLimits)
      expect(limit).toBeLessThan(defaultContextLimits.maxBytes + 2_000)
      for (const bytes of [limit + 1, 4 * 1024 * 1024]) {
        const { messages, status } = yield* Effect.promise(() =>
          collect(worker.client.Recommend({ ...validRequest, browser_context: "x".repeat(bytes) }))
        )
        expect(status.code, `${bytes} bytes`).toBe(grpc.status.RESOURCE_EXHAUSTED)
        expect(messages).toEqual([])
      }
      expect(yield* llm.requests).toHaveLength(1)
    }))

  it.scopedLive("follows MAX_CONTEXT_BYTES", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("answer")])
      const limits = { ...defaultContextLimits, maxBytes: 200_000 }
      const worker = yield* startWorker(llm.layer, { settings: { limits } })
      const big = { ...validRequest, browser_context: contextOfBytes(200_000) }
      expect((yield* Effect.promise(() => collect(worker.client.Recommend(big)))).status.code).toBe(grpc.status.OK)
      const bigger = { ...validRequest, browser_context: "x".repeat(maxReceiveMessageBytes(limits) + 1) }
      expect((yield* Effect.promise(() => collect(worker.client.Recommend(bigger)))).status.code)
        .toBe(grpc.status.RESOURCE_EXHAUSTED)
    }))

  it.scopedLive("checks each small field's size before normalizing it, with one sentence naming the field", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("answer")])
      const worker = yield* startWorker(llm.layer)
      const cases: ReadonlyArray<[Partial<typeof validRequest>, RegExp]> = [
        [{ user_id: "u".repeat(maxUserIdLength + 1) }, /^user_id is longer than 256 characters\.$/],
        [{ user_id: "\uFDFA".repeat(5_000) }, /^user_id is longer than 256 characters\.$/],
        [{ content_type: "\uFDFA".repeat(100) }, /^content_type is longer than 256 bytes\.$/],
        [{ content_period: "\uFDFA".repeat(5_000) }, /^content_period must be one of/]
      ]
      for (const [fields, expected] of cases) {
        const { status } = yield* Effect.promise(() => collect(worker.client.Recommend({ ...validRequest, ...fields })))
        expect(status.code, JSON.stringify(Object.keys(fields))).toBe(grpc.status.INVALID_ARGUMENT)
        expect(status.details).toMatch(expected)
      }
      // At the cap, a hint is accepted.
      const atCap = { ...validRequest, content_type: "h".repeat(maxContentTypeBytes) }
      expect((yield* Effect.promise(() => collect(worker.client.Recommend(atCap)))).status.code).toBe(grpc.status.OK)
    }))

  it.scopedLive("checks RecordFeedback's fields' sizes the same way", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("answer")])
      const worker = yield* startWorker(llm.layer)
      const record = (request: Record<string, string>) =>
        Effect.async<grpc.ServiceError | null>((resume) => {
          worker.client.RecordFeedback(request, (error) => resume(Effect.succeed(error)))
        })
      const id = "00000000-0000-4000-8000-000000000000"
      const cases: ReadonlyArray<[Record<string, string>, RegExp]> = [
        [{ recommendation_id: ` ${id}`.padEnd(5_000, " "), event: "click" }, /^recommendation_id must be/],
        [{ recommendation_id: id, event: "click".padEnd(5_000, " ") }, /^event must be one of/],
        [{ recommendation_id: id, event: "click", clicked_url: `https://example.com/${"\uFDFA".repeat(3_000)}` }, /^clicked_url is longer than 2048 characters\.$/],
        [{ recommendation_id: id, event: "click", user_id: "\uFDFA".repeat(400) }, /^user_id is longer than 256 characters\.$/]
      ]
      for (const [request, expected] of cases) {
        const error = yield* record(request)
        expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT)
        expect(error?.details).toMatch(expected)
      }
    }))
})

describe("authentication before the request is read", () => {
  it.scopedLive("answers UNAUTHENTICATED to a wrong or missing key whatever the body: malformed, oversized or valid", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("answer")])
      const worker = yield* startWorker(llm.layer, { ops: OpsTest({ apiKeys: [key] }) })
      // Not protobuf at all: decoding it would fail with INTERNAL.
      const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x07])
      const oversized = Buffer.alloc(4 * 1024 * 1024, 0x41)
      for (const headers of [{}, { "x-api-key": "wrong-key-0123456789" }, { authorization: "Bearer nope" }]) {
        for (const body of [garbage, oversized]) {
          const { messages, status } = yield* rawCall(worker, body, metadataWith(headers))
          expect(status.code, `${JSON.stringify(headers)} ${body.length}`).toBe(grpc.status.UNAUTHENTICATED)
          expect(messages).toEqual([])
        }
      }
      // With the key the same bodies do reach the transport's decoder: proof the check above came first.
      const withKey = metadataWith({ "x-api-key": key })
      expect((yield* rawCall(worker, garbage, withKey)).status.code).toBe(grpc.status.INTERNAL)
      expect((yield* rawCall(worker, oversized, withKey)).status.code).toBe(grpc.status.RESOURCE_EXHAUSTED)
      expect(yield* llm.requests).toEqual([])
    }))

  it.scopedLive("spends no memory on a refused call's fields (a 4 MB content_type that NFKC expands 18×)", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("answer")])
      // A context limit this high lets the 4 MB message through the transport: only authentication stands in its way.
      const limits = { ...defaultContextLimits, maxBytes: 8 * 1024 * 1024 }
      const worker = yield* startWorker(llm.layer, { ops: OpsTest({ apiKeys: [key] }), settings: { limits } })
      const hostile = { ...validRequest, content_type: "\uFDFA".repeat(1_400_000) }
      // Warm up both ends (client serialization buffers, server code paths) before measuring.
      yield* Effect.promise(() => collect(worker.client.Recommend(validRequest, metadataWith({ "x-api-key": key }))))
      const before = rssMb()
      for (let i = 0; i < 3; i++) {
        const { status } = yield* Effect.promise(() =>
          collect(worker.client.Recommend(hostile, metadataWith({ "x-api-key": "wrong-key-0123456789" })))
        )
        expect(status.code).toBe(grpc.status.UNAUTHENTICATED)
      }
      // With the key, the hint is refused on its size, before it is normalized.
      const { status } = yield* Effect.promise(() =>
        collect(worker.client.Recommend(hostile, metadataWith({ "x-api-key": key })))
      )
      expect(status.code).toBe(grpc.status.INVALID_ARGUMENT)
      expect(status.details).toMatch(/^content_type is longer than/)
      // Normalizing and spreading that hint once took about 830 MB here; the messages themselves are 4 MB each.
      expect(rssMb() - before).toBeLessThan(250)
    }), 120_000)

  it.scopedLive("cannot be bypassed by metadata: the admitted caller is not a header", () =>
    Effect.gen(function*() {
      const logs = yield* captureLogs
      const llm = yield* makeScriptedLlm(() => [chunk("answer")])
      const worker = yield* startWorker(llm.layer, { ops: OpsTest({ apiKeys: [key] }), logs: logs.layer })
      const spoofs = {
        "x-key-id": "00000000",
        "x-api-key-id": "00000000",
        "x-llm-worker-rec-caller": "admin",
        "x-authenticated": "true"
      }
      const refused = yield* Effect.promise(() => collect(worker.client.Recommend(validRequest, metadataWith(spoofs))))
      expect(refused.status.code).toBe(grpc.status.UNAUTHENTICATED)
      const admitted = yield* Effect.promise(() =>
        collect(worker.client.Recommend(validRequest, metadataWith({ ...spoofs, "x-api-key": key })))
      )
      expect(admitted.status.code).toBe(grpc.status.OK)
      // A handler reached without the interceptor fails closed.
      const exit = yield* Effect.exit(admittedCaller(new grpc.Metadata()))
      expect(Exit.isFailure(exit)).toBe(true)
      expect(yield* llm.requests).toHaveLength(1)
    }))
})
