/**
 * The analysis of a browser context through the cache: keyed by the user id
 * and the context's canonical form (the same context in another key order
 * hits; the cache stores only an HMAC of the key), computed once for
 * concurrent identical requests, and decoded defensively (a stored value that
 * no longer fits the Analysis is a miss, and so is one over the size bounds).
 */
import { Effect, Schema } from "effect"
import { analyzeBrowsingPattern } from "../domain/analysis/index.js"
import { type Analysis, contentFormats } from "../domain/analysis/types.js"
import { contextKey } from "../domain/canonical.js"
import type { BrowserContext } from "../domain/context.js"
import { Cache, type CacheCodec } from "../services/Cache.js"

const Topic = Schema.Struct({
  term: Schema.String,
  weight: Schema.Number,
  sources: Schema.Array(Schema.Literal("host", "path", "title", "query"))
})

const Interest = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  path: Schema.Array(Schema.String),
  score: Schema.Number
})

const TimeOfDay = Schema.Struct({
  night: Schema.Number,
  morning: Schema.Number,
  afternoon: Schema.Number,
  evening: Schema.Number
})

const BehaviorPattern = Schema.Struct({
  visits: Schema.Number,
  searches: Schema.Number,
  sessions: Schema.Number,
  averageSessionDepth: Schema.Number,
  totalDwellSeconds: Schema.Number,
  medianDwellSeconds: Schema.Number,
  focus: Schema.Number,
  searchToVisitRatio: Schema.Number,
  // JSON drops an undefined property: a missing key decodes as undefined.
  timeOfDay: Schema.UndefinedOr(TimeOfDay),
  label: Schema.Literal("cold start", "focused deep reader", "researcher", "broad skimmer", "casual browser")
})

const ContentPreferences = Schema.Struct({
  formats: Schema.Array(Schema.Struct({ format: Schema.Literal(...contentFormats), score: Schema.Number })),
  languages: Schema.Array(Schema.Struct({ language: Schema.String, share: Schema.Number })),
  primaryLanguage: Schema.String,
  technicalDepth: Schema.Literal("none", "beginner", "intermediate", "advanced")
})

/** The Analysis as stored: any change of its shape makes old entries misses instead of bad data. */
export const AnalysisSchema: Schema.Schema<Analysis> = Schema.Struct({
  topics: Schema.Array(Topic),
  interests: Schema.Array(Interest),
  behaviorPattern: BehaviorPattern,
  contentPreferences: ContentPreferences
})

const decodeAnalysis = Schema.decodeUnknownOption(Schema.parseJson(AnalysisSchema))

export const analysisCodec: CacheCodec<Analysis> = {
  encode: (analysis) => JSON.stringify(analysis),
  decode: (stored) => decodeAnalysis(stored)
}

export const cachedAnalysis = (context: BrowserContext, userId: string): Effect.Effect<Analysis, never, Cache> =>
  Effect.flatMap(Cache, (cache) =>
    cache.getOrCompute("analysis", contextKey(context, userId), analysisCodec, analyzeBrowsingPattern(context, userId)))

