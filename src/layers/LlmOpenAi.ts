/**
 * An `LlmService` on any OpenAI-compatible chat-completions API, through the
 * official `openai` SDK: OpenAI itself, Perplexity (same client, its base URL,
 * a recency filter and its citations), and local model servers (Ollama, vLLM,
 * llama.cpp server, LM Studio) through `OPENAI_BASE_URL`.
 *
 * The SDK retries nothing (`maxRetries: 0`): retries, failover and the circuit
 * breaker live in the chain (LlmChain.ts), so there is one retry policy.
 * Interrupting the call aborts the HTTP request (the AbortController is
 * aborted when the call's scope closes, unless the upstream's stream had
 * already ended). A stream that ends without a
 * `finish_reason` is a failure (`truncated`): the SDK ends quietly there.
 *
 * Laid out like @effect/ai-openai (client, config, model): the SDK client and
 * request body in openai/client.ts, options from the environment in
 * openai/config.ts, error mapping in openai/errors.ts, Perplexity's extras in
 * openai/perplexity.ts, the batched SSE read in openai/sse.ts; this file is
 * the model: one answer as a pull, and the layers.
 */
import type { ChatCompletionChunk } from "openai/resources/chat/completions"
import { Chunk, type ConfigError, Duration, Effect, Layer, Option, type Scope } from "effect"
import { ProviderFailure } from "../domain/errors.js"
import { Llm, type LlmChunk, type LlmRequest } from "../services/Llm.js"
import { pullable, type Pull, type PullableLlm } from "./llm/pull.js"
import { onScopeClose } from "./finalizers.js"
import { watchFirstAndIdle } from "./llm/timeouts.js"
import { type Body, makeClient, requestBody } from "./openai/client.js"
import { type OpenAiCompatibleOptions, openAiConfig, perplexityConfig, required } from "./openai/config.js"
import { toFailure } from "./openai/errors.js"
import { renderSources, type Source, sourcesOf } from "./openai/perplexity.js"
import { readWhatIsReady } from "./openai/sse.js"

/** What the chain and the response cache read from here (the options live in openai/config.ts). */
export { type OpenAiCompatibleOptions, openAiConfig, perplexityConfig } from "./openai/config.js"

/** Builds the service; the SDK client is made once and shared by every call. */
export const makeOpenAiCompatible = (options: OpenAiCompatibleOptions): Effect.Effect<PullableLlm> =>
  Effect.sync(() => {
    const client = makeClient(options)
    const provider = options.name
    const spanOptions = {
      attributes: { "llm.provider": provider, "llm.model": options.model },
      captureStackTrace: false
    } as const
    const firstTimeout = new ProviderFailure({
      provider,
      kind: "timeout",
      afterFirstToken: false,
      detail: `no first token within ${Duration.format(options.firstTokenTimeout)}`
    })
    const idleTimeout = new ProviderFailure({
      provider,
      kind: "idle_timeout",
      afterFirstToken: true,
      detail: `no token for ${Duration.format(options.idleTimeout)}`
    })
    const end = Effect.fail(Option.none())

    /**
     * One answer as a plain pull over the SDK's iterator: the read, the
     * first-token/idle watch, the text filter and the finish check in one
     * place, in the caller's scope (no stream of its own, one span per call).
     */
    const open = (request: LlmRequest): Effect.Effect<Pull<ProviderFailure>, ProviderFailure, Scope.Scope> =>
      Effect.suspend(() => answer(requestBody(options, request), request.analysis.contentPreferences.primaryLanguage))

    /**
     * The answer to one request body. The request itself is not in scope here:
     * the pull's closures outlive the call's set-up by the whole answer, and
     * would otherwise keep the analysis, the sanitized view and the
     * candidates of every open stream alive; the body is let go once sent.
     */
    const answer = (sending: Body | undefined, language: string): Effect.Effect<Pull<ProviderFailure>, ProviderFailure, Scope.Scope> =>
      Effect.gen(function*() {
        yield* Effect.makeSpanScoped("Llm.stream", spanOptions)
        let sentText = false
        let finished = false
        // The upstream's stream ended (read to its end): nothing left to abort.
        let upstreamEnded = false
        let sources: ReadonlyArray<Source> = []
        // What the pull returns once the upstream's stream has ended.
        let ending: Pull<ProviderFailure> | undefined

        const controller = new AbortController()
        // Only a request still open is aborted: abort() builds a DOMException, wasted on a finished stream.
        yield* onScopeClose(() => upstreamEnded ? Effect.void : Effect.sync(() => controller.abort()))
        const watch = yield* watchFirstAndIdle(controller, { first: options.firstTokenTimeout, idle: options.idleTimeout })
        // Once the watch fired and aborted the request, whatever the SDK says next is that timeout.
        const timedOut = (): ProviderFailure | undefined =>
          watch.fired === "first" ? firstTimeout : watch.fired === "idle" ? idleTimeout : undefined
        const failWith = (afterFirstToken: boolean) => (error: unknown) =>
          Effect.catchAll(toFailure(provider, afterFirstToken)(error), (failure) => Effect.fail(timedOut() ?? failure))

        const completion = yield* watch.waiting(Effect.tryPromise({
          try: () => {
            const body = sending!
            sending = undefined
            return client.chat.completions.create(body, { signal: controller.signal })
          },
          catch: (error) => error
        }).pipe(Effect.catchAll(failWith(false))))

        const endingOf = (): Pull<ProviderFailure> => {
          const fired = timedOut()
          if (fired !== undefined) return Effect.fail(Option.some(fired))
          if (!finished) {
            return Effect.fail(Option.some(
              new ProviderFailure({
                provider,
                kind: "truncated",
                afterFirstToken: sentText,
                detail: "the stream ended without a finish reason"
              })
            ))
          }
          if (!sentText) {
            return Effect.fail(Option.some(
              new ProviderFailure({ provider, kind: "bad_response", afterFirstToken: false, detail: "the answer was empty" })
            ))
          }
          const rendered = renderSources(sources, language)
          return rendered === "" ? end : Effect.succeed(Chunk.of({ text: rendered, provider }))
        }

        const readReady = readWhatIsReady(completion[Symbol.asyncIterator]())
        const toTexts = (batch: { readonly chunks: ReadonlyArray<ChatCompletionChunk>; readonly done: boolean }) => {
          const texts: Array<LlmChunk> = []
          for (const chunk of batch.chunks) {
            if (options.flavor === "perplexity") {
              const found = sourcesOf(chunk)
              if (found.length > 0) sources = found
            }
            const choice = chunk.choices[0]
            if (choice?.finish_reason != null) finished = true
            const text = choice?.delta?.content
            if (typeof text !== "string" || text === "") continue
            texts.push({ text, provider })
          }
          if (texts.length > 0) {
            sentText = true
            watch.progressed()
          }
          // The end of the upstream's stream (also after an abort by the watch: the SDK then ends quietly).
          if (batch.done) {
            upstreamEnded = true
            ending = endingOf()
          }
          if (texts.length > 0 || ending === undefined) return Effect.succeed(Chunk.unsafeFromArray(texts))
          const last = ending
          ending = end
          return last
        }
        const read: Pull<ProviderFailure> = watch.waiting(
          Effect.tryPromise({ try: readReady, catch: (error) => error }).pipe(
            Effect.catchAll((error) => failWith(sentText)(error)),
            Effect.mapError(Option.some),
            Effect.flatMap(toTexts)
          )
        )
        // After the ending was returned once, the end.
        const pull: Pull<ProviderFailure> = Effect.suspend(() => {
          if (ending === undefined) return read
          const last = ending
          ending = end
          return last
        })
        return pull
      })

    return pullable(open)
  })

// ---------------------------------------------------------------------------
// Layers

/** The openai provider alone as the `Llm` (the chain, LlmLive, is what production uses). */
export const LlmOpenAiLive: Layer.Layer<Llm, ConfigError.ConfigError> = Layer.effect(
  Llm,
  Effect.flatMap(required(openAiConfig, "OPENAI_API_KEY", "OPENAI_BASE_URL"), makeOpenAiCompatible)
)

/** The perplexity provider alone as the `Llm`. */
export const LlmPerplexityLive: Layer.Layer<Llm, ConfigError.ConfigError> = Layer.effect(
  Llm,
  Effect.flatMap(required(perplexityConfig, "PERPLEXITY_API_KEY", "PERPLEXITY_BASE_URL"), makeOpenAiCompatible)
)
