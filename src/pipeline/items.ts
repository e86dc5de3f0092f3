/**
 * The answer's items as a pull transform: chunks that already carry an item
 * (the embedded recommender's) pass as they are; LLM text goes through the
 * streaming parser, and each item rides on the chunk whose text completed it.
 * When one chunk completes several items (a Sources block arrives whole), it
 * is cut after each completing line, so every message still carries text and
 * at most one item, and the text is exactly what the provider sent. Items
 * completed only by the answer's end follow on chunks with no text: the edge
 * puts the last of them on its final message.
 */
import { Chunk, Effect, Option } from "effect"
import { type CompletedItem, type ItemParserOptions, makeItemParser } from "../domain/items/parser.js"
import type { LlmChunk, Pull } from "../services/Llm.js"

const spread = (chunk: LlmChunk, completed: ReadonlyArray<CompletedItem>): ReadonlyArray<LlmChunk> => {
  if (completed.length === 0) return [chunk]
  const { provider, text } = chunk
  const parts: Array<LlmChunk> = []
  let start = 0
  completed.forEach(({ end, item }, i) => {
    // The last item takes the rest of the chunk; the others end where they were completed (never empty).
    const stop = i === completed.length - 1 ? text.length : Math.min(text.length, Math.max(end, start + 1))
    parts.push({ text: text.slice(start, stop), provider, item })
    start = stop
  })
  return parts
}

/** The answer's pull with its items: a plain pull over the provider's (no stream stage of its own). */
export const withItems = (options: ItemParserOptions) => <E>(pull: Pull<E>): Pull<E> => {
  const parser = makeItemParser(options)
  let provider: string | undefined
  let parsing = false
  let ended = false
  // Most deltas complete no item: then the chunk passes as it is, with no copy.
  const parse = (chunk: Chunk.Chunk<LlmChunk>): Chunk.Chunk<LlmChunk> => {
    let out: Array<LlmChunk> | undefined
    let index = 0
    for (const piece of chunk) {
      provider = piece.provider
      let items: ReadonlyArray<CompletedItem> = []
      if (piece.item === undefined) {
        parsing = true
        items = parser.pushAt(piece.text)
      }
      if (items.length > 0 && out === undefined) out = Chunk.toArray(chunk).slice(0, index)
      if (out !== undefined) out.push(...spread(piece, items))
      index++
    }
    return out === undefined ? chunk : Chunk.unsafeFromArray(out)
  }
  // At the provider's end: the items only the end completes, once, then the end.
  const end = Effect.fail(Option.none())
  const atEnd = (error: Option.Option<E>): Pull<E> => {
    if (Option.isSome(error) || ended) return Effect.fail(error)
    ended = true
    const last = parsing && provider !== undefined ? parser.end() : []
    if (last.length === 0) return end
    return Effect.succeed(Chunk.unsafeFromArray(last.map((item): LlmChunk => ({ text: "", provider: provider!, item }))))
  }
  const next = Effect.matchEffect(pull, { onFailure: atEnd, onSuccess: (chunk) => Effect.succeed(parse(chunk)) })
  // Never pulled again after its end: the chain records a provider's success at its end.
  return Effect.suspend(() => (ended ? end : next))
}
