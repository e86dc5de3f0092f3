/** API keys and the per-key stream limit, end to end and in their pure parts. */
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either, Layer, Redacted } from "effect"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { keyId, matchKey, parseKeyFile, parseKeyList, presentedKey } from "../../src/domain/apiKeys.js"
import { AccessControlLive, apiKeysConfig } from "../../src/layers/AccessControl.js"
import { chunk, makeScriptedLlm, stall } from "../layers/LlmScripted.js"
import { OpsTest } from "../layers/OpsTest.js"
import { call, collect, startWorker, validRequest, type Worker } from "../support/grpc.js"
import { failedStart } from "../support/process.js"
import { captureLogs, metadataWith } from "./support.js"

const key = "sk-worker-0123456789abcdef"
const otherKey = "sk-worker-fedcba9876543210"

const recommendWith = (worker: Worker, headers: Readonly<Record<string, string>>) =>
  Effect.promise(() => collect(worker.client.Recommend(validRequest, metadataWith(headers))))

describe("API keys over gRPC", () => {
  it.scopedLive("refuses a call without a key, or with a wrong one, before the pipeline runs", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("secret answer")])
      const worker = yield* startWorker(llm.layer, { ops: OpsTest({ apiKeys: [key, otherKey] }) })
      const cases: ReadonlyArray<[Readonly<Record<string, string>>, RegExp]> = [
        [{}, /API key is required/],
        [{ authorization: "Bearer wrong-key" }, /not valid/],
        [{ "x-api-key": "wrong-key" }, /not valid/],
        [{ "x-api-key": key.slice(0, -1) }, /not valid/],
        [{ authorization: `Basic ${key}` }, /API key is required/],
        [{ authorization: key }, /API key is required/]
      ]
      for (const [headers, expected] of cases) {
        const { messages, status } = yield* recommendWith(worker, headers)
        expect(status.code, JSON.stringify(headers)).toBe(Status.UNAUTHENTICATED)
        expect(status.details).toMatch(expected)
        expect(status.details).not.toContain("wrong-key")
        expect(messages).toEqual([])
      }
      expect(yield* llm.requests).toEqual([])
    }))

  it.scopedLive("accepts each header form with any configured key", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("answer")])
      const worker = yield* startWorker(llm.layer, { ops: OpsTest({ apiKeys: [key, otherKey] }) })
      for (
        const headers of [
          { authorization: `Bearer ${key}` },
          { authorization: `bearer ${otherKey}` },
          { "x-api-key": key },
          { "x-api-key": otherKey }
        ]
      ) {
        const { status } = yield* recommendWith(worker, headers)
        expect(status.code, JSON.stringify(headers)).toBe(Status.OK)
      }
      expect(yield* llm.requests).toHaveLength(4)
    }))

  it.scopedLive("guards RecordFeedback too", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("answer")])
      const worker = yield* startWorker(llm.layer, { ops: OpsTest({ apiKeys: [key] }) })
      const request = { recommendation_id: "00000000-0000-4000-8000-000000000000", event: "click" }
      const record = (headers: Readonly<Record<string, string>>) =>
        Effect.async<number>((resume) => {
          worker.client.RecordFeedback(request, metadataWith(headers), (error) =>
            resume(Effect.succeed(error?.code ?? Status.OK)))
        })
      expect(yield* record({})).toBe(Status.UNAUTHENTICATED)
      expect(yield* record({ "x-api-key": "nope" })).toBe(Status.UNAUTHENTICATED)
      expect(yield* record({ "x-api-key": key })).toBe(Status.OK)
    }))

  it.scopedLive("limits concurrent streams per key with RESOURCE_EXHAUSTED, and frees a slot when a stream ends", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("first"), stall])
      const logs = yield* captureLogs
      const worker = yield* startWorker(llm.layer, {
        ops: OpsTest({ apiKeys: [key, otherKey], maxStreamsPerKey: 2 }),
        logs: logs.layer
      })
      const open = (k: string) => {
        const stream = worker.client.Recommend(validRequest, metadataWith({ "x-api-key": k }))
        const result = collect(stream)
        return Effect.as(Effect.async<void>((resume) => void stream.once("data", () => resume(Effect.void))), {
          stream,
          result
        })
      }
      const first = yield* open(key)
      const second = yield* open(key)
      const refused = yield* recommendWith(worker, { "x-api-key": key })
      expect(refused.status.code).toBe(Status.RESOURCE_EXHAUSTED)
      expect(refused.status.details).toMatch(/limit 2/)
      // Another key has its own slots.
      const other = yield* open(otherKey)
      // Refused calls never took a slot; a stream that ends gives its slot back.
      first.stream.cancel()
      yield* Effect.promise(() => first.result)
      let finished = yield* logs.next("recommendation finished")
      while ((finished["annotations"] as Record<string, unknown>)["status"] !== "CANCELLED") {
        finished = yield* logs.next("recommendation finished")
      }
      const again = yield* open(key)
      for (const { result, stream } of [again, other, second]) {
        stream.cancel()
        yield* Effect.promise(() => result)
      }
    }))

  it.scopedLive("without keys, counts every stream against one limit", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("first"), stall])
      const worker = yield* startWorker(llm.layer, { ops: OpsTest({ maxStreamsPerKey: 1 }) })
      const stream = worker.client.Recommend(validRequest)
      const result = collect(stream)
      yield* Effect.async<void>((resume) => void stream.once("data", () => resume(Effect.void)))
      const { status } = yield* call(worker, validRequest)
      expect(status.code).toBe(Status.RESOURCE_EXHAUSTED)
      stream.cancel()
      yield* Effect.promise(() => result)
    }))
})

describe("API keys, pure parts", () => {
  it("parses the list and the file, ignoring blanks, comments and duplicates", () => {
    expect(parseKeyList(" a, b ,,a ")).toEqual(["a", "b"])
    expect(parseKeyFile("# ops team\nkey-1\r\n\n  key-2  \n# old\nkey-1\n")).toEqual(["key-1", "key-2"])
  })

  it("finds the presented key in either header, Bearer first", () => {
    expect(presentedKey({ authorization: "Bearer abc", apiKey: "def" })).toBe("abc")
    expect(presentedKey({ authorization: "BEARER   abc  ", apiKey: undefined })).toBe("abc")
    expect(presentedKey({ authorization: "Basic abc", apiKey: "def" })).toBe("def")
    expect(presentedKey({ authorization: undefined, apiKey: "  " })).toBeUndefined()
    expect(presentedKey({ authorization: "Bearer", apiKey: undefined })).toBeUndefined()
  })

  it("matches whole keys only, of any length", () => {
    expect(matchKey("abc", ["xyz", "abc"])).toBe("abc")
    expect(matchKey("ab", ["abc"])).toBeUndefined()
    expect(matchKey("abcd", ["abc"])).toBeUndefined()
    expect(matchKey("", ["abc"])).toBeUndefined()
    expect(matchKey("x".repeat(10_000), ["abc"])).toBeUndefined()
  })

  it("names a key by 8 hex characters of its SHA-256, never the key", () => {
    expect(keyId("abc")).toBe("ba7816bf")
  })
})

describe("API keys, configuration", () => {
  const withEnv = (entries: ReadonlyArray<[string, string]>) =>
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

  it.effect("counts an empty variable as unset", () =>
    Effect.gen(function*() {
      expect(yield* apiKeysConfig.pipe(withEnv([["API_KEYS", ""], ["API_KEYS_FILE", " "]]))).toEqual([])
    }))

  it.effect("takes keys from both variables", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "keys-"))
      writeFileSync(join(dir, "keys"), "# rotation\nfrom-file-0123456789\n")
      const keys = yield* apiKeysConfig.pipe(
        withEnv([["API_KEYS", `${key},${otherKey}`], ["API_KEYS_FILE", join(dir, "keys")]])
      )
      expect(keys.map(Redacted.value).sort()).toEqual(["from-file-0123456789", key, otherKey].sort())
    }))

  it.effect("refuses a variable that names no key, and an unreadable file, instead of opening the service", () =>
    Effect.gen(function*() {
      const empty = yield* Effect.either(apiKeysConfig.pipe(withEnv([["API_KEYS", " , "]])))
      expect(Either.isLeft(empty) && String(empty.left)).toMatch(/API_KEYS.*names no key/)
      const dir = mkdtempSync(join(tmpdir(), "keys-"))
      writeFileSync(join(dir, "keys"), "# nobody yet\n\n")
      const commentsOnly = yield* Effect.either(apiKeysConfig.pipe(withEnv([["API_KEYS_FILE", join(dir, "keys")]])))
      expect(Either.isLeft(commentsOnly) && String(commentsOnly.left)).toMatch(/API_KEYS_FILE.*names no key/)
      const missing = yield* Effect.either(apiKeysConfig.pipe(withEnv([["API_KEYS_FILE", "/nonexistent/keys"]])))
      expect(Either.isLeft(missing) && String(missing.left)).toMatch(/API_KEYS_FILE.*could not be read/)
    }))

  it.effect("refuses a key shorter than 16 characters, naming the variable and never the key", () =>
    Effect.gen(function*() {
      const short = "short-key-12345" // 15 characters
      const fromList = yield* Effect.either(apiKeysConfig.pipe(withEnv([["API_KEYS", `${key}, ${short}`]])))
      expect(Either.isLeft(fromList) && String(fromList.left)).toMatch(/API_KEYS.*shorter than 16 characters/)
      expect(String(Either.isLeft(fromList) && fromList.left)).not.toContain(short)
      const dir = mkdtempSync(join(tmpdir(), "keys-"))
      writeFileSync(join(dir, "keys"), `${key}\n${short}\n`)
      const fromFile = yield* Effect.either(apiKeysConfig.pipe(withEnv([["API_KEYS_FILE", join(dir, "keys")]])))
      expect(Either.isLeft(fromFile) && String(fromFile.left)).toMatch(/API_KEYS_FILE.*shorter than 16 characters/)
      expect(String(Either.isLeft(fromFile) && fromFile.left)).not.toContain(short)
      // 16 characters is enough; length counts characters, not UTF-16 units.
      expect(yield* apiKeysConfig.pipe(withEnv([["API_KEYS", "0123456789abcdef"]]))).toHaveLength(1)
      const emoji = yield* Effect.either(apiKeysConfig.pipe(withEnv([["API_KEYS", "🔑".repeat(15)]])))
      expect(Either.isLeft(emoji)).toBe(true)
    }))

  it("a worker with a short key refuses to start with one line naming the variable", async () => {
    const short = "tooshort-1234"
    const { code, stderr, stdout } = await failedStart({ API_KEYS: short })
    expect(code).toBe(1)
    expect(stderr.trim().split("\n")).toHaveLength(1)
    expect(stderr).toMatch(/invalid configuration: .*API_KEYS.*shorter than 16 characters/)
    expect(stderr + stdout).not.toContain(short)
  }, 60_000)

  it.scoped("warns once at start when the service is open, and never logs a key", () =>
    Effect.gen(function*() {
      const logs = yield* captureLogs
      const open = yield* Layer.build(Layer.provide(AccessControlLive, logs.layer)).pipe(withEnv([]))
      expect(open.unsafeMap.size).toBeGreaterThan(0)
      const warnings = logs.lines().map((line) => JSON.parse(line) as { logLevel: string; message: string })
      expect(warnings.filter((l) => l.logLevel === "WARN" && /open/.test(l.message))).toHaveLength(1)

      const before = logs.lines().length
      const closed = yield* Layer.build(Layer.provide(AccessControlLive, logs.layer)).pipe(withEnv([["API_KEYS", key]]))
      expect(closed.unsafeMap.size).toBeGreaterThan(0)
      const after = logs.lines().slice(before)
      expect(after.some((line) => line.includes("WARN"))).toBe(false)
      expect(after.join("\n")).not.toContain(key)
    }))
})
