/**
 * The analysis of a browser context through the cache: keyed by the user id
 * and the context's canonical form (the same context in another key order
 * hits; the cache stores only an HMAC of the key), computed once for
 * concurrent identical requests, and decoded defensively (a stored value that
 * no longer fits the Analysis is a miss, and so is one over the size bounds).
 */
import { Effect, Option, Schema } from "effect"
import { analyzeBrowsingPatternSync, type ContextReading } from "../domain/analysis/index.js"
import { maxTermLength } from "../domain/analysis/terms.js"
import { type Analysis, contentFormats } from "../domain/analysis/types.js"
import { maxInterests, maxTopics } from "../domain/analysis/weights.js"
import { contextKey } from "../domain/canonical.js"
import type { BrowserContext } from "../domain/context.js"
import { Cache, type CacheCodec } from "../services/Cache.js"

/**
 * The most bytes one analysis entry takes (its JSON): at most 10 topics of at
 * most 48 characters, 32 interests named by the taxonomy (at most 210 bytes
 * each), and a few numbers and language codes come to under 10 KB. The cache
 * stores nothing bigger, and reads anything bigger as a miss.
 */
export const analysisEntryMaxBytes = 12 * 1024

/** Text from the taxonomy or a language code: short, but bounded all the same. */
const ShortText = Schema.String.pipe(Schema.maxLength(200))

const Topic = Schema.Struct({
  term: Schema.String.pipe(Schema.maxLength(maxTermLength)),
  weight: Schema.Number,
  sources: Schema.Array(Schema.Literal("host", "path", "title", "query"))
})

const Interest = Schema.Struct({
  id: ShortText,
  name: ShortText,
  path: Schema.Array(ShortText).pipe(Schema.maxItems(8)),
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
  languages: Schema.Array(Schema.Struct({ language: ShortText, share: Schema.Number })).pipe(Schema.maxItems(16)),
  primaryLanguage: ShortText,
  technicalDepth: Schema.Literal("none", "beginner", "intermediate", "advanced")
})

/** The Analysis as stored: any change of its shape makes old entries misses instead of bad data. */
export const AnalysisSchema: Schema.Schema<Analysis> = Schema.Struct({
  topics: Schema.Array(Topic).pipe(Schema.maxItems(maxTopics)),
  interests: Schema.Array(Interest).pipe(Schema.maxItems(maxInterests)),
  behaviorPattern: BehaviorPattern,
  contentPreferences: ContentPreferences
})

const decodeAnalysis = Schema.decodeUnknownOption(Schema.parseJson(AnalysisSchema))

export const analysisCodec: CacheCodec<Analysis> = {
  encode: (analysis) => JSON.stringify(analysis),
  // Length in UTF-16 units bounds the bytes from below: a longer text is surely over the budget.
  decode: (stored) => (stored.length > analysisEntryMaxBytes ? Option.none() : decodeAnalysis(stored))
}

/** `reading`: the context as the caller read it already (readContext), shared with the sanitizer. */
export const cachedAnalysis = (
  context: BrowserContext,
  userId: string,
  reading?: ContextReading
): Effect.Effect<Analysis, never, Cache> =>
  Effect.flatMap(Cache, (cache) => {
    const analyze = Effect.sync(() => analyzeBrowsingPatternSync(context, userId, reading))
    return cache.enabled ? cache.getOrCompute("analysis", contextKey(context, userId), analysisCodec, analyze) : analyze
  })

