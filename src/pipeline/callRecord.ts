/**
 * What every edge (gRPC, SSE, WebSocket) records of one Recommend call: a
 * tally filled in as its pieces go out, then, once it has ended, its metrics,
 * the facts feedback needs (provider, content type, items shown, segment) and
 * one log line. Recorded before the caller hears the outcome, so feedback or a
 * scrape right after it sees this call.
 */
import { type Cause, Clock, Effect, LogLevel } from "effect"
import { segmentOf } from "../domain/learning/segment.js"
import type { Analysis } from "../domain/analysis/types.js"
import type { RecommendedItem } from "../domain/items/item.js"
import { logLevelEnabled } from "../layers/Logging.js"
import {
  callsHandled,
  chunksStreamed,
  countMetric,
  observeSeconds,
  recommendDuration,
  recommendFirstChunk
} from "../metrics/definitions.js"
import type { LlmChunk } from "../services/Llm.js"
import { RecentRecommendations, type ShownItem } from "../services/RecentRecommendations.js"

export interface CallTally {
  provider: string
  /** The items shown and the user's segment, remembered for item feedback. */
  readonly items: Array<ShownItem>
  segment: string | undefined
  /** Pieces with text (a piece that only carries an item is not a chunk). */
  chunks: number
  answerChars: number
  firstChunkAt: number | undefined
}

export const newTally = (): CallTally => ({
  provider: "",
  items: [],
  segment: undefined,
  chunks: 0,
  answerChars: 0,
  firstChunkAt: undefined
})

/** What feedback needs to know of an item shown. */
const shownItem = (item: RecommendedItem): ShownItem => ({ id: item.id, position: item.position, source: item.source })

/** Counts one piece of the answer as it goes out, at `now`. */
export const tallyPiece = (tally: CallTally, piece: LlmChunk, now: number): void => {
  tally.firstChunkAt ??= now
  tally.provider = piece.provider
  if (piece.item !== undefined) tally.items.push(shownItem(piece.item))
  if (piece.text === "") return
  tally.chunks++
  tally.answerChars += piece.text.length
}

/** For `recommend`'s `onAnalysis`: the segment item feedback will teach. */
export const tallyAnalysis = (tally: CallTally) => (analysis: Analysis): void => {
  tally.segment = segmentOf(analysis)
}

export interface CallOutcome {
  readonly recommendationId: string
  /** The bounded content-type label. */
  readonly contentType: string
  readonly startedAt: number
  /** The gRPC status name, "OK" on success. */
  readonly code: string
  /** An unexpected failure's cause, logged with the id (the caller only hears "internal error"). */
  readonly defect: Cause.Cause<unknown> | undefined
  /** The user's pseudonym, computed only when the line is logged. */
  readonly user: () => string | undefined
  readonly keyId: string | undefined
}

/** Metrics and the facts feedback needs: before the caller hears the outcome. */
export const recordCall = (tally: CallTally, outcome: CallOutcome): Effect.Effect<number, never, RecentRecommendations> =>
  Effect.gen(function*() {
    const finishedAt = yield* Clock.currentTimeMillis
    const { code, contentType, recommendationId, startedAt } = outcome
    const provider = tally.provider === "" ? "none" : tally.provider
    yield* countMetric(callsHandled, { grpc_method: "Recommend", grpc_code: code })
    yield* observeSeconds(recommendDuration, { provider, grpc_code: code }, finishedAt - startedAt)
    if (tally.firstChunkAt !== undefined) {
      yield* observeSeconds(recommendFirstChunk, { provider }, tally.firstChunkAt - startedAt)
    }
    if (tally.chunks > 0) {
      yield* countMetric(chunksStreamed, { provider }, tally.chunks)
      const recent = yield* RecentRecommendations
      yield* recent.remember(recommendationId, {
        provider,
        contentType,
        ...(tally.items.length === 0 ? {} : { items: tally.items }),
        ...(tally.segment === undefined ? {} : { segment: tally.segment })
      })
    }
    return finishedAt
  })

/** The call's one log line (no keys, URLs, titles or queries; the user as a pseudonym), after the caller heard. */
export const logCall = (tally: CallTally, outcome: CallOutcome, finishedAt: number): Effect.Effect<void> =>
  Effect.gen(function*() {
    if (outcome.defect !== undefined) yield* Effect.logError("recommendation failed with a defect", outcome.defect)
    if (!(yield* logLevelEnabled(LogLevel.Info))) return
    const { startedAt } = outcome
    yield* Effect.logInfo("recommendation finished").pipe(
      Effect.annotateLogs({
        user: outcome.user(),
        key_id: outcome.keyId,
        content_type: outcome.contentType,
        provider: tally.provider === "" ? "none" : tally.provider,
        status: outcome.code,
        first_chunk_ms: tally.firstChunkAt === undefined ? undefined : tally.firstChunkAt - startedAt,
        duration_ms: finishedAt - startedAt,
        chunks: tally.chunks,
        answer_chars: tally.answerChars
      })
    )
  })
