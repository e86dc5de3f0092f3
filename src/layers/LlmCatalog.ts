/**
 * The embedded recommender as an `Llm`: ranks the catalog against the
 * analysis and streams the rendered items, one chunk per item. It needs no
 * network and never fails, which is why it is the last link of the provider
 * chain. The request's deadline is ignored: the answer is instant.
 */
import { Chunk, Clock, Effect, Layer, Option } from "effect"
import { renderRecommendations } from "../domain/catalog/render.js"
import { catalogItems } from "../domain/items/fromCatalog.js"
import { Catalog } from "../services/Catalog.js"
import type { LearningInput } from "../domain/learning/blend.js"
import { Llm, type LlmChunk, type LlmRequest, type LlmService } from "../services/Llm.js"
import { learningField, learningInput } from "./learningInput.js"
import { pullable } from "./llm/pull.js"

export const catalogProvider = "catalog"

/** How many items the embedded recommender answers with: as many as the LLM is asked for. */
export const catalogAnswerSize = 5

export const makeCatalogLlm: Effect.Effect<LlmService, never, Catalog> = Effect.map(Catalog, (catalog) => {
  const answer = (request: LlmRequest, now: number, learning: LearningInput | undefined): ReadonlyArray<LlmChunk> => {
    const ranked = catalog.recommend({
      ...learningField(learning),
      analysis: request.analysis,
      contentType: request.contentType,
      period: request.period,
      now,
      exclude: request.view.sites.map((site) => site.url),
      k: catalogAnswerSize
    })
    const language = request.analysis.contentPreferences.primaryLanguage
    const items = catalogItems(ranked, language)
    // One chunk per pick (no intro), so chunk i completes item i.
    return renderRecommendations(ranked, { language }).map((text, i): LlmChunk => {
      const item = items[i]
      return item === undefined ? { text, provider: catalogProvider } : { text, provider: catalogProvider, item }
    })
  }
  // A pull (no stream of its own), like the network providers: the whole answer, then the end.
  return Llm.of(pullable((request) =>
    Effect.gen(function*() {
      yield* Effect.makeSpanScoped("LlmCatalog.stream", { captureStackTrace: false })
      const now = yield* Clock.currentTimeMillis
      const learning = yield* learningInput(request.analysis)
      let answered: Chunk.Chunk<LlmChunk> | undefined = Chunk.unsafeFromArray(answer(request, now, learning))
      return Effect.suspend(() => {
        if (answered === undefined) return Effect.fail(Option.none())
        const out = answered
        answered = undefined
        return Effect.succeed(out)
      })
    })
  ))
})

/** The embedded recommender alone as the `Llm` (no keys configured, tests). */
export const LlmCatalogLive: Layer.Layer<Llm, never, Catalog> = Layer.effect(Llm, makeCatalogLlm)
