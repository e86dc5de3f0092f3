/**
 * Items from real provider streams: Perplexity through the real openai SDK
 * against the HTTP fake (its answer, then the Sources block the provider
 * layer appends, become model and citation items), and the embedded
 * recommender's items surviving the response cache.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Layer, Option, Redacted, Stream } from "effect"
import { make as makeMemoryCache } from "../../src/layers/CacheMemory.js"
import { layerFromItems } from "../../src/layers/Catalog.js"
import { makeCatalogLlm } from "../../src/layers/LlmCatalog.js"
import { makeOpenAiCompatible } from "../../src/layers/LlmOpenAi.js"
import { responseKey, withResponseCache } from "../../src/pipeline/cachedResponse.js"
import { withItems } from "../../src/pipeline/items.js"
import { fixtureItems } from "../catalog/support.js"
import { makeRequest } from "../llm/fixtures.js"
import { FakeOpenAi, startFakeOpenAi } from "../support/fakeOpenAi.js"
import { candidates } from "./answers.js"

describe("items from provider streams", () => {
  it.scopedLive("Perplexity: the answer's links and its citations, through the real SDK", () =>
    Effect.gen(function*() {
      const fake = yield* Effect.acquireRelease(Effect.promise(() => startFakeOpenAi()), (f) => Effect.promise(() => f.close()))
      fake.script(FakeOpenAi.text([
        "1. **Real Python** — [realpython.com](https://realpython.com/) — practical tutorials[1].\n",
        "2. **Hugging Face Course** — https://huggingface.co/learn/nlp-course\n   A free NLP course[2]."
      ], {
        searchResults: [
          { title: "Real Python", url: "https://realpython.com/" },
          { title: "HF Learn", url: "https://huggingface.co/learn" }
        ],
        citations: ["https://realpython.com/", "https://huggingface.co/learn"]
      }))
      const service = yield* makeOpenAiCompatible({
        name: "perplexity",
        flavor: "perplexity",
        apiKey: Redacted.make("pplx-test-key"),
        baseURL: fake.baseURL,
        model: "sonar",
        maxTokens: 500,
        temperature: 0.7,
        firstTokenTimeout: "2 seconds",
        idleTimeout: "2 seconds"
      })
      const pull = yield* Effect.map(service.open(makeRequest()), withItems({ candidates, ungroundedLinks: "mark" }))
      const chunks = yield* Stream.repeatEffectChunkOption(pull).pipe(Stream.runCollect, Effect.map(Chunk.toArray))
      const items = chunks.flatMap((c) => (c.item === undefined ? [] : [c.item]))
      expect(items.map((i) => [i.position, i.source, i.id === "g-real-python" ? "catalog id" : i.id.slice(0, 2), i.title])).toEqual([
        [1, "catalog", "catalog id", "Real Python"],
        [2, "model", "u-", "Hugging Face Course"],
        // realpython.com is cited too, but it is item 1 already.
        [3, "citation", "u-", "HF Learn"]
      ])
      expect(chunks.map((c) => c.text).join("")).toContain("Sources:\n1. Real Python — https://realpython.com/")
    }))

  it.effect("the embedded recommender's items come back from the response cache", () =>
    Effect.gen(function*() {
      const cache = yield* makeMemoryCache()
      const chain = { identity: "catalog-only", primary: "catalog" }
      const llm = withResponseCache(yield* makeCatalogLlm, cache, chain)
      const request = makeRequest()
      const run = () => llm.stream(request).pipe(Stream.runCollect, Effect.map(Chunk.toArray))
      const first = yield* run()
      const stored = yield* cache.get("response", responseKey(chain, request))
      expect(Option.map(stored, (text) => JSON.parse(text).items.length)).toEqual(Option.some(first.length))
      const second = yield* run()
      expect(first.some((c) => c.item !== undefined)).toBe(true)
      expect(second).toEqual(first)
    }).pipe(Effect.provide(Layer.mergeAll(layerFromItems(fixtureItems)))))
})
