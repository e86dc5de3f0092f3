/**
 * The embedded recommender as an `Llm`: ranks the catalog against the
 * analysis and streams the rendered items, one chunk per item. It needs no
 * network and never fails, which is why it is the last link of the provider
 * chain. The request's deadline is ignored: the answer is instant.
 */
import { Chunk, Clock, Effect, Layer, Option } from "effect"
import { renderRecommendations } from "../domain/catalog/render.js"
import { Catalog } from "../services/Catalog.js"
import { Llm, type LlmChunk, type LlmRequest, type LlmService } from "../services/Llm.js"
import { pullable } from "./llm/pull.js"

export const catalogProvider = "catalog"

/** How many items the embedded recommender answers with: as many as the LLM is asked for. */
export const catalogAnswerSize = 5

export const makeCatalogLlm: Effect.Effect<LlmService, never, Catalog> = Effect.map(Catalog, (catalog) => {
  const answer = (request: LlmRequest, now: number): ReadonlyArray<LlmChunk> => {
    const ranked = catalog.recommend({
      analysis: request.analysis,
      contentType: request.contentType,
      period: request.period,
      now,
      exclude: request.view.sites.map((site) => site.url),
      k: catalogAnswerSize
    })
    return renderRecommendations(ranked, { language: request.analysis.contentPreferences.primaryLanguage })
      .map((text) => ({ text, provider: catalogProvider }))
  }
  // A pull (no stream of its own), like the network providers: the whole answer, then the end.
  return Llm.of(pullable((request) =>
    Effect.gen(function*() {
      yield* Effect.makeSpanScoped("LlmCatalog.stream", { captureStackTrace: false })
      let answered: Chunk.Chunk<LlmChunk> | undefined = Chunk.unsafeFromArray(answer(request, yield* Clock.currentTimeMillis))
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
