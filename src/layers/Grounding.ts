/**
 * Grounding candidates for LLM prompts: the catalog's best items for the
 * profile (GROUNDING=catalog, the default), or none (GROUNDING=none).
 */
import { Clock, Config, type ConfigError, Effect, Layer } from "effect"
import { Catalog } from "../services/Catalog.js"
import { Grounding } from "../services/Grounding.js"
import { learningField, learningInput } from "./learningInput.js"

/** Enough real links for a five-item answer, with room for the model to choose. */
const candidateCount = 8

export const GroundingNone = Layer.succeed(Grounding, Grounding.of({ candidates: () => Effect.succeed([]) }))

export const GroundingCatalog = Layer.effect(
  Grounding,
  Effect.map(Catalog, (catalog) =>
    Grounding.of({
      candidates: (analysis, input) =>
        // The same learned ranking as the embedded recommender's, so the LLM path learns too.
        Effect.zipWith(Clock.currentTimeMillis, learningInput(analysis), (now, learning) =>
          catalog.candidates({
            ...learningField(learning),
            analysis,
            contentType: input.contentType,
            period: input.period,
            now,
            exclude: input.context.visited_sites.map((site) => site.url),
            limit: candidateCount
          }))
    }))
)

export const GroundingLive: Layer.Layer<Grounding, ConfigError.ConfigError, Catalog> = Layer.unwrapEffect(
  Config.literal("catalog", "none")("GROUNDING").pipe(
    Config.withDefault("catalog" as const),
    Effect.map((mode) => (mode === "catalog" ? GroundingCatalog : GroundingNone))
  )
)
