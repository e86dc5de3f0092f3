/**
 * Items over the real gRPC edge: each item rides on the message whose text
 * completes it, the text is exactly what the provider wrote, old fields are
 * untouched, and the embedded recommender names every pick with its catalog id.
 */
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { layerFromItems } from "../../src/layers/Catalog.js"
import { LlmCatalogLive } from "../../src/layers/LlmCatalog.js"
import { Grounding } from "../../src/services/Grounding.js"
import { fixtureItems } from "../catalog/support.js"
import { chunk, makeScriptedLlm } from "../layers/LlmScripted.js"
import { call, startWorker, validRequest } from "../support/grpc.js"
import { answers, candidates } from "./answers.js"

const groundingTest = Layer.succeed(Grounding, Grounding.of({ candidates: () => Effect.succeed(candidates) }))

/** The text cut in pieces of 7 characters: deltas that split words, links and lines. */
const pieces = (text: string) => Array.from({ length: Math.ceil(text.length / 7) }, (_, i) => text.slice(i * 7, i * 7 + 7))

describe("items over gRPC", () => {
  for (const answer of answers.slice(0, 4)) {
    it.scopedLive(`${answer.name}: items on the messages that complete them, text unchanged`, () =>
      Effect.gen(function*() {
        const llm = yield* makeScriptedLlm(() => pieces(answer.text).map(chunk))
        const worker = yield* startWorker(llm.layer, { grounding: groundingTest })
        const { messages, status } = yield* call(worker, validRequest)
        expect(status.code).toBe(Status.OK)
        const final = messages[messages.length - 1]!
        expect([final.content, final.is_final]).toEqual(["추천 완료", "true"])
        // No message without text: an item completed only by the answer's end rides on the final message.
        expect(messages.filter((m) => m.content === "")).toEqual([])
        expect(messages.map((m) => m.content).join("")).toBe(`${answer.text}추천 완료`)
        expect(messages.map((m) => m.sequence)).toEqual(messages.map((_, i) => i))
        const items = messages.flatMap((m, i) => (m.item === null ? [] : [{ item: m.item, at: i }]))
        expect(items.map(({ item }) => [item.url, item.source])).toEqual(answer.expected.map((e) => [e.url, e.source]))
        for (const { item, at } of items) {
          // Never before its text has gone out.
          const sent = messages.slice(0, at + 1).map((m) => m.content).join("")
          expect(sent).toContain(item.url)
        }
      }))
  }

  it.scopedLive("the embedded recommender: one item per pick, on the pick's own message, with its catalog facts", () =>
    Effect.gen(function*() {
      const worker = yield* startWorker(LlmCatalogLive.pipe(Layer.provide(layerFromItems(fixtureItems))))
      const { messages, status } = yield* call(worker, validRequest)
      expect(status.code).toBe(Status.OK)
      const texts = messages.filter((m) => m.is_final === "false")
      expect(texts.length).toBeGreaterThan(0)
      texts.forEach((message, i) => {
        const item = message.item!
        const catalogItem = fixtureItems.find((c) => c.id === item.id)!
        expect(catalogItem).toBeDefined()
        expect(message.content.startsWith(`${i + 1}. `)).toBe(true)
        expect(message.content).toContain(item.url)
        expect(message.content).toContain(item.reason)
        expect(item).toMatchObject({
          url: catalogItem.url,
          categories: catalogItem.categories,
          format: catalogItem.format,
          language: catalogItem.language,
          source: "catalog",
          position: i + 1
        })
      })
    }))
})
