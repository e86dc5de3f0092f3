/**
 * What a browser receives for one recommendation, the same over SSE and over
 * WebSocket: `chunk`s of text as they are generated, an `item` after the
 * chunk that completed it, then exactly one `done` or one `error`.
 */
import type { RecommendedItem } from "../domain/items/item.js"
import type { LlmChunk } from "../services/Llm.js"
import type { CallFailure } from "./httpStatus.js"

export type RecommendationEvent =
  | { readonly event: "chunk"; readonly data: { readonly content: string; readonly sequence: number } }
  | { readonly event: "item"; readonly data: RecommendedItem }
  | {
    readonly event: "done"
    readonly data: { readonly content: string; readonly recommendation_id: string; readonly provider: string }
  }
  | {
    readonly event: "error"
    readonly data: { readonly code: string; readonly message: string; readonly retry_after_seconds?: number }
    /** Kept for the edge (the HTTP status of an error found before the stream starts); never sent. */
    readonly failure: CallFailure
  }

/** The events one piece of the pipeline's output becomes (a piece with no text only carries an item). */
export const chunkEvents = (piece: LlmChunk, sequence: number): ReadonlyArray<RecommendationEvent> => {
  const events: Array<RecommendationEvent> = []
  if (piece.text !== "") events.push({ event: "chunk", data: { content: piece.text, sequence } })
  if (piece.item !== undefined) events.push({ event: "item", data: piece.item })
  return events
}

export const errorEvent = (failure: CallFailure): RecommendationEvent => ({
  event: "error",
  failure,
  data: {
    code: failure.code,
    message: failure.message,
    ...(failure.retryAfterSeconds === undefined ? {} : { retry_after_seconds: failure.retryAfterSeconds })
  }
})

/** One Server-Sent Events frame; JSON never contains a raw newline, so `data` is one line. */
export const sseFrame = (event: RecommendationEvent): string => `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`

/** One WebSocket text message. */
export const socketMessage = (event: RecommendationEvent): string => JSON.stringify({ event: event.event, data: event.data })
