/** The log line of a finished call: JSON with the facts an operator needs, and nothing private. */
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted } from "effect"
import { keyId } from "../../src/domain/apiKeys.js"
import { pseudonymize } from "../../src/domain/sanitize.js"
import { chunk, makeScriptedLlm } from "../layers/LlmScripted.js"
import { OpsTest } from "../layers/OpsTest.js"
import { collect, startWorker, validRequest } from "../support/grpc.js"
import { captureLogs, metadataWith } from "./support.js"

const apiKey = "sk-logs-test-5f1e2d3c4b5a6978"
const hmacKey = "hmac-key-for-tests"
const secretsAndRaw = [apiKey, hmacKey, "test_user", "github.com", "stackoverflow.com", "GitHub", "Stack Overflow", "python tutorial", "machine learning"]

describe("call logs", () => {
  it.scopedLive("one JSON line per finished call with id, pseudonymous user, type, provider, status, timings and sizes", () =>
    Effect.gen(function*() {
      const logs = yield* captureLogs
      const llm = yield* makeScriptedLlm(() => [chunk("1. Read "), chunk("the docs")], "scripted")
      const worker = yield* startWorker(llm.layer, {
        ops: OpsTest({ apiKeys: [apiKey] }),
        settings: { pseudonymKey: Option.some(Redacted.make(hmacKey)) },
        logs: logs.layer
      })
      const { messages, status } = yield* Effect.promise(() =>
        collect(worker.client.Recommend(validRequest, metadataWith({ authorization: `Bearer ${apiKey}` })))
      )
      expect(status.code).toBe(Status.OK)
      const id = messages[0]?.recommendation_id

      const started = yield* logs.next("recommendation started")
      expect(started["annotations"]).toMatchObject({ recommendation_id: id, topics: expect.any(Number) })

      const finished = yield* logs.next("recommendation finished")
      expect(finished["logLevel"]).toBe("INFO")
      expect(finished["annotations"]).toEqual({
        recommendation_id: id,
        user: pseudonymize("test_user", hmacKey),
        key_id: keyId(apiKey),
        content_type: "technical",
        provider: "scripted",
        status: "OK",
        first_chunk_ms: expect.any(Number),
        duration_ms: expect.any(Number),
        chunks: 2,
        answer_chars: "1. Read the docs".length
      })

      const text = logs.lines().join("\n")
      for (const secret of secretsAndRaw) expect(text, secret).not.toContain(secret)
    }))

  it.scopedLive("logs refused and failed calls too, with a per-process pseudonym when no HMAC key is set", () =>
    Effect.gen(function*() {
      const logs = yield* captureLogs
      const llm = yield* makeScriptedLlm(() => [chunk("x")])
      const worker = yield* startWorker(llm.layer, { ops: OpsTest({ apiKeys: [apiKey] }), logs: logs.layer })
      yield* Effect.promise(() => collect(worker.client.Recommend(validRequest, metadataWith({ "x-api-key": "wrong" }))))
      const refused = yield* logs.next("recommendation finished")
      expect(refused["annotations"]).toMatchObject({ status: "UNAUTHENTICATED", provider: "none", chunks: 0 })
      // Refused before its message was read: nothing of the request, not even a pseudonym.
      expect((refused["annotations"] as Record<string, unknown>)["key_id"]).toBeUndefined()
      expect((refused["annotations"] as Record<string, unknown>)["user"]).toBeUndefined()
      const badPeriod = { ...validRequest, content_period: "fortnight" }
      yield* Effect.promise(() => collect(worker.client.Recommend(badPeriod, metadataWith({ "x-api-key": apiKey }))))
      const failed = yield* logs.next("recommendation finished")
      expect(failed["annotations"]).toMatchObject({ status: "INVALID_ARGUMENT", key_id: keyId(apiKey), chunks: 0 })
      const user = (failed["annotations"] as Record<string, unknown>)["user"]
      expect(user).toMatch(/^[0-9a-f]{32}$/)
      expect(user).not.toBe(pseudonymize("test_user", ""))
      const text = logs.lines().join("\n")
      for (const secret of [...secretsAndRaw, "wrong"]) expect(text, secret).not.toContain(secret)
    }))
})
