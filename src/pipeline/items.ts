/**
 * The answer's items as a stream transform: chunks that already carry an item
 * (the embedded recommender's) pass as they are; LLM text goes through the
 * streaming parser, and each item rides on the chunk whose text completed it.
 * When one chunk completes several items (a Sources block arrives whole), or
 * the answer's end completes the last one, the others follow on chunks with
 * empty text, so the text and its chunking stay exactly as the provider sent them.
 */
import { Chunk, Stream } from "effect"
import type { RecommendedItem } from "../domain/items/item.js"
import { type ItemParserOptions, makeItemParser } from "../domain/items/parser.js"
import type { LlmChunk } from "../services/Llm.js"

const spread = (chunk: LlmChunk, items: ReadonlyArray<RecommendedItem>): ReadonlyArray<LlmChunk> => {
  if (items.length === 0) return [chunk]
  return items.map((item, i) => ({ text: i === 0 ? chunk.text : "", provider: chunk.provider, item }))
}

export const withItems = (options: ItemParserOptions) => <E, R>(chunks: Stream.Stream<LlmChunk, E, R>): Stream.Stream<LlmChunk, E, R> =>
  Stream.suspend(() => {
    const parser = makeItemParser(options)
    let provider: string | undefined
    let parsing = false
    // Most deltas complete no item: then the chunk passes as it is, with no copy.
    const parsed = Stream.mapChunks(chunks, (chunk) => {
      let out: Array<LlmChunk> | undefined
      let index = 0
      for (const piece of chunk) {
        provider = piece.provider
        let items: ReadonlyArray<RecommendedItem> = []
        if (piece.item === undefined) {
          parsing = true
          items = parser.push(piece.text)
        }
        if (items.length > 0 && out === undefined) out = Chunk.toArray(chunk).slice(0, index)
        if (out !== undefined) out.push(...spread(piece, items))
        index++
      }
      return out === undefined ? chunk : Chunk.unsafeFromArray(out)
    })
    const rest = Stream.suspend(() => {
      const last = parsing && provider !== undefined ? parser.end() : []
      return Stream.fromIterable(last.map((item): LlmChunk => ({ text: "", provider: provider!, item })))
    })
    return Stream.concat(parsed, rest)
  })
