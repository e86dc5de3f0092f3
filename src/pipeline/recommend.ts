/**
 * The Recommend pipeline, transport-free: validate → analyse → sanitize →
 * ground → generate. Used by the gRPC edge and by in-process batch replays.
 */
import { Effect, LogLevel, Option, Redacted, type Scope, Stream } from "effect"
import { readContext } from "../domain/analysis/index.js"
import type { Analysis } from "../domain/analysis/types.js"
import type { RecommendError } from "../domain/errors.js"
import { parseRecommendRequestEither, type RawRecommendRequest } from "../domain/request.js"
import { sanitizeForPrompt } from "../domain/sanitize.js"
import type { Cache } from "../services/Cache.js"
import { Grounding } from "../services/Grounding.js"
import { Llm, type LlmChunk, openAnswer, type Pull } from "../services/Llm.js"
import { WorkerConfig } from "../services/WorkerConfig.js"
import { defaultUngroundedLinks } from "../domain/items/item.js"
import { logLevelEnabled } from "../layers/Logging.js"
import { cachedAnalysis } from "./cachedAnalysis.js"
import { withItems } from "./items.js"

export type PipelineServices = Llm | Grounding | WorkerConfig | Cache

export interface RecommendCall {
  readonly request: RawRecommendRequest
  /** Epoch milliseconds at which the caller's deadline passes. */
  readonly deadline: Option.Option<number>
  /** Told the analysis once it is made (the edge remembers the user's segment for item feedback). */
  readonly onAnalysis?: (analysis: Analysis) => void
}

/**
 * The call's answer as a pull in the caller's scope: the request is checked,
 * analysed, sanitized and grounded here, then the providers' answer is opened
 * with its items. The gRPC edge reads it in its write loop (no stream stage of
 * its own); closing the scope closes the upstream request.
 */
export const openRecommendation = (
  call: RecommendCall
): Effect.Effect<Pull<RecommendError>, RecommendError, PipelineServices | Scope.Scope> =>
  Effect.gen(function*() {
    const config = yield* WorkerConfig
    const input = yield* parseRecommendRequestEither(call.request, config.limits)
    // The context read once (capped, masked, URLs parsed, timing) for the analysis and the sanitizer.
    const reading = readContext(input.context, input.userId)
    const analysis = yield* cachedAnalysis(input.context, input.userId, reading).pipe(
      Effect.withSpan("Recommend.analyze", { captureStackTrace: false })
    )
    call.onAnalysis?.(analysis)
    if (yield* logLevelEnabled(LogLevel.Info)) {
      yield* Effect.logInfo("recommendation started").pipe(
        Effect.annotateLogs({ topics: analysis.topics.length, language: analysis.contentPreferences.primaryLanguage })
      )
    }
    const view = sanitizeForPrompt(input.context, input.userId, Option.map(config.pseudonymKey, Redacted.value), reading)
    const candidates = yield* (yield* Grounding).candidates(analysis, input)
    const answer = yield* openAnswer(yield* Llm, {
      analysis,
      view,
      contentType: input.contentType,
      period: input.period,
      candidates,
      deadline: call.deadline
    })
    return withItems({ candidates, ungroundedLinks: config.ungroundedLinks ?? defaultUngroundedLinks })(answer)
  })

/** The same answer as a stream (the browser edge and batch replays). */
export const recommend = (call: RecommendCall): Stream.Stream<LlmChunk, RecommendError, PipelineServices> =>
  Stream.unwrapScoped(Effect.map(openRecommendation(call), (pull) => Stream.repeatEffectChunkOption(pull)))
