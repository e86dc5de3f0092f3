/**
 * Privacy through the real server: personal data of every kind planted
 * anywhere in a Recommend call (titles, queries, URL paths, query strings,
 * fragments, time_spent keys, the user id) reaches neither the upstream
 * (the request the fake OpenAI server records), nor any log line (every
 * level; the upstream here sometimes fails with a body that echoes the
 * request, as a hostile or careless provider would, and its failure details
 * are logged), nor the Redis cache (values decrypted with the key). Not even
 * four letters or digits of it that are not ordinary words of the context.
 */
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, FastCheck as fc, Layer, Logger, LogLevel, Option, Redacted } from "effect"
import { randomBytes } from "node:crypto"
import { createClient } from "redis"
import { pseudonymize } from "../../src/domain/sanitize.js"
import { layerFromItems } from "../../src/layers/Catalog.js"
import { open } from "../../src/layers/CacheCipher.js"
import { keyPrefix, layer as redisCache } from "../../src/layers/CacheRedis.js"
import { LlmLive } from "../../src/layers/LlmChain.js"
import { findRedisServer, startRedisServer } from "../cache/redisServer.js"
import { FakeOpenAi, type RecordedRequest, startFakeOpenAi } from "../support/fakeOpenAi.js"
import { collect, startWorker } from "../support/grpc.js"
import { leaks, ordinaryContext, personalData, place, plant, type Planting, stringsOf, user } from "../support/planted.js"
import { candidates } from "./fixtures.js"
import { fastFaultEnv } from "../resilience/support.js"

const binary = findRedisServer()
const numRuns = 40
const hmacKey = "privacy-test-hmac-key"

/** Worker-made values that change per call and carry nothing from the request. */
const randomKeys = new Set(["timestamp", "fiberId", "recommendation_id", "spans"])

describe.skipIf(binary === undefined)("privacy through the real server (fake upstream, Redis, captured logs)", () => {
  it.scopedLive(`${numRuns} calls with planted personal data leak none of it upstream, to the logs or to the cache`, () =>
    Effect.gen(function*() {
      const redis = yield* startRedisServer(binary ?? "redis-server")
      const encryptionKey = randomBytes(32)
      const fake = yield* Effect.acquireRelease(Effect.promise(() => startFakeOpenAi()), (f) => Effect.promise(() => f.close()))
      // When `failing` is a status, the upstream answers it with a body that repeats what it was sent
      // (500: a provider failure, logged with its detail; 400: our bug, a logged defect).
      let failing: number | undefined
      fake.setFallback((request: RecordedRequest) =>
        failing !== undefined
          ? FakeOpenAi.status(failing, { body: { error: { message: `cannot process: ${request.rawBody.slice(0, 4_000)}`, type: "invalid_request_error" } } })
          : FakeOpenAi.text(["1. Read ", "the docs"]))
      const lines: Array<string> = []
      const logs = Layer.merge(
        Logger.replace(Logger.defaultLogger, Logger.map(Logger.jsonLogger, (line) => lines.push(line))),
        Logger.minimumLogLevel(LogLevel.All)
      )
      const env = new Map(Object.entries({
        ...fastFaultEnv,
        LLM_RETRIES: "0",
        OPENAI_API_KEY: "sk-privacy-test",
        OPENAI_BASE_URL: fake.baseURL,
        LLM_PROVIDERS: "openai"
      }))
      const llm = LlmLive.pipe(
        Layer.provide(layerFromItems(candidates)),
        Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(env))),
        Layer.orDie
      )
      const worker = yield* startWorker(llm, {
        cache: redisCache({ url: Redacted.make(redis.url), encryptionKey, ttlSeconds: 600, timeoutMs: 1_000 }),
        settings: { pseudonymKey: Option.some(Redacted.make(hmacKey)) },
        logs
      })
      const raw = yield* Effect.acquireRelease(
        Effect.promise(async () => {
          const client = createClient({ url: redis.url })
          client.on("error", () => {})
          await client.connect()
          return client
        }),
        (client) => Effect.sync(() => client.destroy())
      )

      /** Every value in Redis, decrypted, as text; then empties it. */
      const drainCache = Effect.promise(async () => {
        const texts: Array<string> = []
        for (const key of await raw.keys(`${keyPrefix}*`)) {
          const sealed = await raw.get(key)
          const plain = sealed === null ? Option.none() : open(encryptionKey, String(sealed), key)
          if (Option.isNone(plain)) throw new Error("a cached value did not decrypt")
          texts.push(...stringsOf(JSON.parse(plain.value)))
        }
        await raw.flushAll()
        return { texts, entries: texts.length > 0 }
      })

      /** One call: what the upstream received, the log lines and the cache, as text. */
      const callOnce = (userId: string, context: unknown) =>
        Effect.gen(function*() {
          fake.reset()
          lines.length = 0
          const result = yield* Effect.promise(() =>
            collect(worker.client.Recommend({
              user_id: userId,
              browser_context: JSON.stringify(context),
              content_type: "technical",
              content_period: "any"
            }))
          )
          // Log lines of a call may be written just after its status: let them land.
          yield* Effect.sleep("20 millis")
          const cache = yield* drainCache
          return {
            code: result.status.code,
            upstream: fake.requests.map((r) => r.rawBody).join("\n"),
            logs: lines.flatMap((line) => stringsOf(JSON.parse(line), randomKeys)).join("\n"),
            cache: cache.texts.join("\n"),
            cached: cache.entries
          }
        })

      const seen = { ok: 0, unavailable: 0, internal: 0, cached: 0, upstream: 0 }
      const property = fc.asyncProperty(
        ordinaryContext,
        fc.array(fc.record({ piece: personalData, place }), { minLength: 1, maxLength: 6 }),
        user,
        fc.array(place, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(undefined, undefined, 500, 400),
        async (base, plantings, planted, userPlaces, upstreamFails) => {
          failing = upstreamFails
          const userPlantings: Array<Planting> = userPlaces.map((where, i) => {
            const form = planted.forms[i % planted.forms.length] ?? planted.userId
            return { piece: { kind: "user id", text: form, secrets: [form], ordinary: "" }, place: where }
          })
          const all = [...plantings, ...userPlantings]
          const scaffold = plant(base, all.map(({ place }) => ({ piece: { kind: "", text: "", secrets: [], ordinary: "" }, place })))
          const baseline = await Effect.runPromise(callOnce(planted.userId, base))
          const outputs = await Effect.runPromise(callOnce(planted.userId, plant(base, all)))
          const ordinary = [
            JSON.stringify(scaffold), baseline.upstream, baseline.logs, baseline.cache, pseudonymize(planted.userId, hmacKey),
            ...all.map(({ piece }) => piece.ordinary)
          ].join("\n")
          const secrets = [...all.flatMap(({ piece }) => piece.secrets), planted.userId]
          if (outputs.code === Status.OK) seen.ok++
          if (outputs.code === Status.UNAVAILABLE) seen.unavailable++
          if (outputs.code === Status.INTERNAL) seen.internal++
          if (outputs.cached) seen.cached++
          if (outputs.upstream !== "") seen.upstream++
          expect({
            code: outputs.code,
            upstream: leaks(outputs.upstream, secrets, ordinary),
            logs: leaks(outputs.logs, secrets, ordinary),
            cache: leaks(outputs.cache, secrets, ordinary)
          }).toEqual({ code: expect.toBeOneOf([Status.OK, Status.UNAVAILABLE, Status.INTERNAL]), upstream: [], logs: [], cache: [] })
        }
      )
      yield* Effect.promise(() => fc.assert(property, { numRuns, seed: 20_261_201 }))
      // The property saw answers, upstream failures (logged with their details), upstream requests and cache entries.
      expect(seen.ok).toBeGreaterThan(0)
      expect(seen.unavailable).toBeGreaterThan(0)
      expect(seen.internal).toBeGreaterThan(0)
      expect(seen.upstream).toBe(numRuns)
      expect(seen.cached).toBe(numRuns)
    }), 180_000)
})
