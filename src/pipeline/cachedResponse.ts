/**
 * The finished answer through the cache (opt-in: RESPONSE_CACHE=on): an `Llm`
 * wrapped so that the same request to the same provider chain is answered
 * from the cache, replayed as the same stream of chunks.
 *
 * - The key is the provider chain's identity (providers, models, endpoints,
 *   sampling settings) and the hash of everything the provider is given
 *   (`llmRequestKey`: the analysis, the sanitized sites and queries, content
 *   type, period, grounding candidates). The sites and queries are part of
 *   it so that an answer that quotes one user's titles is never served to
 *   another whose analysis happens to be equal.
 * - Only an answer that completed is stored: a failure, a cut or a cancel
 *   stores nothing. An answer from a fallback provider is not stored either,
 *   so a recovered primary is used again at once.
 */
import { Effect, Option, Schema, Stream } from "effect"
import { contentHash, llmRequestKey } from "../domain/canonical.js"
import { type RecommendedItem, RecommendedItemSchema } from "../domain/items/item.js"
import type { CacheCodec, CacheService } from "../services/Cache.js"
import type { LlmChunk, LlmRequest, LlmService } from "../services/Llm.js"

export interface ProviderChainIdentity {
  /** Everything configured that changes an answer, as one string. */
  readonly identity: string
  /** The provider that answers when nothing fails; only its answers are stored. */
  readonly primary: string
}

const StoredAnswer = Schema.Struct({
  provider: Schema.String,
  chunks: Schema.Array(Schema.String),
  /** The items the provider put on its chunks (the embedded recommender's), by chunk index. */
  items: Schema.optional(Schema.Array(Schema.Struct({ chunk: Schema.Number, item: RecommendedItemSchema })))
})
type StoredAnswer = typeof StoredAnswer.Type

const decodeAnswer = Schema.decodeUnknownOption(Schema.parseJson(StoredAnswer))

export const answerCodec: CacheCodec<StoredAnswer> = {
  encode: (answer) => JSON.stringify(answer),
  decode: decodeAnswer
}

export const responseKey = (chain: ProviderChainIdentity, request: LlmRequest): string =>
  contentHash({ chain: chain.identity, request: llmRequestKey(request) })

export const withResponseCache = (llm: LlmService, cache: CacheService, chain: ProviderChainIdentity): LlmService => {
  return {
    stream: (request) => {
      const key = responseKey(chain, request)
      const answerLive = Stream.suspend(() => {
        const texts: Array<string> = []
        const items: Array<{ chunk: number; item: RecommendedItem }> = []
        let provider: string | undefined
        let mixed = false
        const store = Effect.suspend(() =>
          provider === chain.primary && !mixed && texts.length > 0
            ? cache.set(
              "response",
              key,
              answerCodec.encode(items.length === 0 ? { provider, chunks: texts } : { provider, chunks: texts, items })
            )
            : Effect.void
        )
        return llm.stream(request).pipe(
          Stream.tap((chunk) =>
            Effect.sync(() => {
              if (provider !== undefined && provider !== chunk.provider) mixed = true
              provider = chunk.provider
              if (chunk.item !== undefined) items.push({ chunk: texts.length, item: chunk.item })
              texts.push(chunk.text)
            })
          ),
          // Reached only when the upstream stream completed successfully.
          Stream.concat(Stream.drain(Stream.fromEffect(store)))
        )
      })
      return Stream.unwrap(Effect.map(cache.get("response", key), (stored) =>
        Option.match(Option.flatMap(stored, answerCodec.decode), {
          onNone: () => answerLive,
          onSome: (answer) => {
            const itemOf = new Map((answer.items ?? []).map(({ chunk, item }) => [chunk, item]))
            return Stream.fromIterable(answer.chunks.map((text, i): LlmChunk => {
              const item = itemOf.get(i)
              return item === undefined ? { text, provider: answer.provider } : { text, provider: answer.provider, item }
            }))
          }
        })))
    }
  }
}
