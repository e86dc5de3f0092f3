/**
 * What a catalog ranking learns from, when ItemStats is there and LEARNING=on:
 * the counts as of now, the user's segment, and a uniform source seeded from
 * Effect's Random (so a seeded Random repeats the ranking exactly).
 * Without ItemStats (tests, embedding) the ranking is relevance alone.
 */
import { Effect, Option, Random } from "effect"
import type { Analysis } from "../domain/analysis/types.js"
import { seededUniform } from "../domain/learning/beta.js"
import type { LearningInput } from "../domain/learning/blend.js"
import { segmentOf } from "../domain/learning/segment.js"
import { ItemStats } from "../services/ItemStats.js"

export const learningInput = (analysis: Analysis): Effect.Effect<LearningInput | undefined> =>
  Effect.flatMap(Effect.serviceOption(ItemStats), (stats) => {
    if (Option.isNone(stats) || !stats.value.learning) return Effect.succeed(undefined)
    return Effect.flatMap(stats.value.lookup, (lookup) =>
      lookup === undefined
        ? Effect.succeed(undefined)
        : Effect.map(
          Random.nextIntBetween(0, 2 ** 31),
          (seed): LearningInput => ({ segment: segmentOf(analysis), lookup, uniform: seededUniform(seed) })
        ))
  })

/** The query field: present only when there is something to learn from. */
export const learningField = (learning: LearningInput | undefined): { readonly learning?: LearningInput } =>
  learning === undefined ? {} : { learning }
