import { describe, expect, it } from "@effect/vitest"
import { Chunk, ConfigProvider, Context, Effect, Either, Layer, Option, Ref, Stream } from "effect"
import { ProviderFailure } from "../../src/domain/errors.js"
import { layer as memoryCache } from "../../src/layers/CacheMemory.js"
import { LlmResponseCacheLive, providerChainIdentityConfig } from "../../src/layers/CacheResponses.js"
import { responseKey, withResponseCache } from "../../src/pipeline/cachedResponse.js"
import { Cache } from "../../src/services/Cache.js"
import { Llm, type LlmChunk, type LlmService } from "../../src/services/Llm.js"
import { developerView, makeRequest } from "../llm/fixtures.js"

const chain = { identity: "openai|gpt-test > catalog", primary: "openai" }

/** An Llm that answers from a script and counts its calls. */
const scripted = (calls: Ref.Ref<number>, answer: (n: number) => Stream.Stream<LlmChunk, ProviderFailure>): LlmService => ({
  stream: () => Stream.unwrap(Effect.map(Ref.updateAndGet(calls, (n) => n + 1), answer))
})

const chunks = (provider: string, ...texts: Array<string>) => Stream.fromIterable(texts.map((text) => ({ text, provider })))

const collect = <E>(stream: Stream.Stream<LlmChunk, E>) => Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

describe("response cache", () => {
  it.effect("a completed answer is replayed as the same stream, without calling the provider", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make(0)
      const llm = withResponseCache(scripted(calls, () => chunks("openai", "1. Effect docs\n", "2. grpc-node\n")), yield* Cache, chain)
      const first = yield* collect(llm.stream(makeRequest()))
      const second = yield* collect(llm.stream(makeRequest({ deadline: Option.some(123) })))
      expect(second).toEqual(first)
      expect(first.map((c) => c.text)).toEqual(["1. Effect docs\n", "2. grpc-node\n"])
      expect(yield* Ref.get(calls)).toBe(1)
    }).pipe(Effect.provide(memoryCache())))

  it.effect("a failed or cut answer is never stored", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make(0)
      const cut = new ProviderFailure({ provider: "openai", kind: "truncated", afterFirstToken: true, detail: "cut" })
      const llm = withResponseCache(
        scripted(calls, (n) => n === 1 ? Stream.concat(chunks("openai", "1. partial"), Stream.fail(cut)) : chunks("openai", "whole")),
        yield* Cache,
        chain
      )
      expect(Either.isLeft(yield* Effect.either(collect(llm.stream(makeRequest()))))).toBe(true)
      expect((yield* collect(llm.stream(makeRequest()))).map((c) => c.text)).toEqual(["whole"])
      expect((yield* collect(llm.stream(makeRequest()))).map((c) => c.text)).toEqual(["whole"])
      expect(yield* Ref.get(calls)).toBe(2)
    }).pipe(Effect.provide(memoryCache())))

  it.effect("an interrupted answer (the client took two chunks and left) is not stored", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make(0)
      const llm = withResponseCache(scripted(calls, () => chunks("openai", "a", "b", "c")), yield* Cache, chain)
      yield* collect(Stream.take(llm.stream(makeRequest()), 2))
      const cache = yield* Cache
      expect(yield* cache.get("response", responseKey(chain, makeRequest()))).toEqual(Option.none())
    }).pipe(Effect.provide(memoryCache())))

  it.effect("an answer from a fallback provider is not stored", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make(0)
      const llm = withResponseCache(scripted(calls, () => chunks("catalog", "fallback")), yield* Cache, chain)
      yield* collect(llm.stream(makeRequest()))
      yield* collect(llm.stream(makeRequest()))
      expect(yield* Ref.get(calls)).toBe(2)
    }).pipe(Effect.provide(memoryCache())))

  it("the key depends on the chain, the content type, the period and the sanitized view, not the deadline or pseudonym", () => {
    const base = responseKey(chain, makeRequest())
    expect(responseKey(chain, makeRequest({ deadline: Option.some(1) }))).toBe(base)
    expect(responseKey(chain, makeRequest({ view: { ...developerView, userPseudonym: "u_other" } }))).toBe(base)
    expect(responseKey({ ...chain, identity: "openai|gpt-other" }, makeRequest())).not.toBe(base)
    expect(responseKey(chain, makeRequest({ period: "week" }))).not.toBe(base)
    expect(responseKey(chain, makeRequest({ contentType: { _tag: "Known", value: "news" } }))).not.toBe(base)
    expect(responseKey(chain, makeRequest({ view: { ...developerView, queries: ["other"] } }))).not.toBe(base)
  })

  const withEnv = (env: Record<string, string>) => Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

  it.effect("the chain's identity follows the provider configuration", () =>
    Effect.gen(function*() {
      const identity = (env: Record<string, string>) => Effect.provide(providerChainIdentityConfig, withEnv(env))
      const catalogOnly = yield* identity({})
      expect(catalogOnly.primary).toBe("catalog")
      const openai = yield* identity({ OPENAI_API_KEY: "sk-test", OPENAI_MODEL: "gpt-a" })
      expect(openai.primary).toBe("openai")
      expect(openai.identity).not.toContain("sk-test")
      expect((yield* identity({ OPENAI_API_KEY: "sk-test", OPENAI_MODEL: "gpt-b" })).identity).not.toBe(openai.identity)
      expect((yield* identity({ OPENAI_API_KEY: "sk-test", LLM_PROVIDERS: "catalog,openai" })).primary).toBe("catalog")
    }))

  it.effect("RESPONSE_CACHE is off by default: the Llm is passed through", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make(0)
      const inner = Layer.succeed(Llm, scripted(calls, () => chunks("catalog", "x")))
      const build = (env: Record<string, string>) =>
        Effect.map(
          Layer.build(LlmResponseCacheLive.pipe(Layer.provide(Layer.merge(inner, memoryCache())), Layer.provide(withEnv(env)))),
          (context) => Context.get(context, Llm)
        )
      const off = yield* Effect.scoped(build({}))
      yield* collect(off.stream(makeRequest()))
      yield* collect(off.stream(makeRequest()))
      expect(yield* Ref.get(calls)).toBe(2)
      const on = yield* Effect.scoped(build({ RESPONSE_CACHE: "on" }))
      yield* collect(on.stream(makeRequest()))
      yield* collect(on.stream(makeRequest()))
      expect(yield* Ref.get(calls)).toBe(3)
    }))
})
