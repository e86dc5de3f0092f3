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
 */
import OpenAI from "openai"
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions"
import {
  Chunk,
  Clock,
  Config,
  ConfigError,
  Duration,
  Effect,
  Layer,
  Option,
  Redacted,
  type Scope
} from "effect"
import { ProviderFailure, type ProviderFailureKind } from "../domain/errors.js"
import { buildPrompt, capText, toChatMessages } from "../domain/prompt.js"
import type { ContentPeriod } from "../domain/request.js"
import { Llm, type LlmChunk, type LlmRequest } from "../services/Llm.js"
import { pullable, type Pull, type PullableLlm } from "./llm/pull.js"
import { watchFirstAndIdle } from "./llm/timeouts.js"
import { positiveInt } from "./configValues.js"

export type OpenAiFlavor = "openai" | "perplexity"

export interface OpenAiCompatibleOptions {
  /** The provider's name in chunks, errors, logs and `LLM_PROVIDERS`. */
  readonly name: "openai" | "perplexity" | (string & {})
  /** "perplexity" adds `search_recency_filter` and appends the citations it returns. */
  readonly flavor: OpenAiFlavor
  readonly apiKey: Redacted.Redacted
  /** undefined: the SDK's default (https://api.openai.com/v1). */
  readonly baseURL: string | undefined
  readonly model: string
  readonly maxTokens: number
  readonly temperature: number
  /** From the start of the request to the first text (connection, headers, first token). */
  readonly firstTokenTimeout: Duration.DurationInput
  /** Between two pieces of text after the first. */
  readonly idleTimeout: Duration.DurationInput
}

/** Perplexity's recency filter for a period; none for "any". */
export const searchRecencyFilter = (period: ContentPeriod): "day" | "week" | "month" | "year" | undefined => {
  switch (period) {
    case "any":
      return undefined
    case "recent":
      return "week"
    default:
      return period
  }
}

// ---------------------------------------------------------------------------
// SDK errors → ProviderFailure (or a defect: a 4xx means our request is wrong)

export type ErrorClass =
  | { readonly _tag: "Failure"; readonly kind: ProviderFailureKind; readonly retryAfterSeconds?: number; readonly detail: string }
  | { readonly _tag: "Defect"; readonly detail: string }

/** Key-like strings an upstream might echo back ("Incorrect API key provided: sk-ab***yz"). */
const keyLike = /\b(?:sk|pplx|key)-[A-Za-z0-9_*.-]{4,}/g

export const scrubDetail = (text: string): string => capText(text.replace(keyLike, "[redacted]"), 300)

/** `Retry-After` (seconds or an HTTP date) or OpenAI's `retry-after-ms`, in seconds. */
export const parseRetryAfter = (headers: Headers | undefined, now: number): number | undefined => {
  if (headers === undefined) return undefined
  const ms = headers.get("retry-after-ms")
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms) / 1000
  const value = headers.get("retry-after")
  if (value === null || value.trim() === "") return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds : undefined
  const date = Date.parse(value)
  return Number.isFinite(date) ? Math.max(0, (date - now) / 1000) : undefined
}

/** What an error thrown by the SDK (or by fetch under it) means for us. */
export const classifyError = (error: unknown, now: number): ErrorClass => {
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return { _tag: "Failure", kind: "timeout", detail: "the request timed out" }
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ""
    return { _tag: "Failure", kind: "connection", detail: scrubDetail(`connection failed${cause}`) }
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status
    // The SDK's message starts with the status ("503 upstream overloaded").
    const detail = scrubDetail(status === undefined ? `error event: ${error.message}` : error.message)
    if (status === undefined) return { _tag: "Failure", kind: "server_error", detail }
    if (status === 429) {
      const retryAfterSeconds = parseRetryAfter(error.headers, now)
      return retryAfterSeconds === undefined
        ? { _tag: "Failure", kind: "rate_limited", detail }
        : { _tag: "Failure", kind: "rate_limited", retryAfterSeconds, detail }
    }
    if (status === 408) return { _tag: "Failure", kind: "timeout", detail }
    // A wrong key or a model the server does not have: this provider cannot
    // answer, but the next one may; the chain logs it and its breaker opens.
    if (status === 401 || status === 403 || status === 404) return { _tag: "Failure", kind: "rejected", detail }
    // 409: a lock the upstream could not take; the SDK itself retries it.
    if (status >= 500 || status === 409) return { _tag: "Failure", kind: "server_error", detail }
    return { _tag: "Defect", detail }
  }
  if (error instanceof SyntaxError) {
    return { _tag: "Failure", kind: "bad_response", detail: scrubDetail(`malformed stream: ${error.message}`) }
  }
  // fetch's "terminated" and socket errors while reading the body.
  const message = error instanceof Error ? error.message : String(error)
  return { _tag: "Failure", kind: "connection", detail: scrubDetail(`stream failed: ${message}`) }
}

/** An upstream 400/422 and the like: the request we built is wrong, a bug on our side. */
export class UpstreamRejectedRequest extends Error {
  constructor(readonly provider: string, detail: string) {
    super(`${provider} rejected the request (a bug on our side): ${detail}`)
    this.name = "UpstreamRejectedRequest"
  }
}

const toFailure = (provider: string, afterFirstToken: boolean) => (error: unknown) =>
  Effect.flatMap(Clock.currentTimeMillis, (now): Effect.Effect<never, ProviderFailure> => {
    const classified = classifyError(error, now)
    if (classified._tag === "Defect") return Effect.die(new UpstreamRejectedRequest(provider, classified.detail))
    return Effect.fail(new ProviderFailure({
      provider,
      kind: classified.kind,
      afterFirstToken,
      detail: classified.detail,
      ...(classified.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: classified.retryAfterSeconds })
    }))
  })

// ---------------------------------------------------------------------------
// Perplexity's sources

interface Source {
  readonly url: string
  readonly title: string | undefined
}

const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text)
    return url.protocol === "https:" || url.protocol === "http:"
  } catch {
    return false
  }
}

const maxSources = 10

/** `search_results` (with titles) when the chunk has them, else `citations` (URLs). */
export const sourcesOf = (chunk: unknown): ReadonlyArray<Source> => {
  if (chunk === null || typeof chunk !== "object") return []
  const record = chunk as { readonly search_results?: unknown; readonly citations?: unknown }
  const out: Array<Source> = []
  if (Array.isArray(record.search_results)) {
    for (const result of record.search_results as ReadonlyArray<unknown>) {
      if (result === null || typeof result !== "object") continue
      const { url, title } = result as { readonly url?: unknown; readonly title?: unknown }
      if (typeof url !== "string" || !isHttpUrl(url)) continue
      out.push({ url, title: typeof title === "string" && title.trim() !== "" ? capText(title, 120) : undefined })
    }
  }
  if (out.length === 0 && Array.isArray(record.citations)) {
    for (const url of record.citations as ReadonlyArray<unknown>) {
      if (typeof url === "string" && isHttpUrl(url)) out.push({ url, title: undefined })
    }
  }
  const seen = new Set<string>()
  return out.filter((s) => !seen.has(s.url) && (seen.add(s.url), true)).slice(0, maxSources)
}

/** The sources as a short numbered list, headed in the answer's language. */
export const renderSources = (sources: ReadonlyArray<Source>, language: string): string => {
  if (sources.length === 0) return ""
  const heading = language === "ko" ? "출처:" : "Sources:"
  const lines = sources.map((s, i) => `${i + 1}. ${s.title === undefined ? s.url : `${s.title} — ${s.url}`}`)
  return `\n\n${heading}\n${lines.join("\n")}`
}

// ---------------------------------------------------------------------------
// Reading the SDK's stream

const notYet: unique symbol = Symbol("notYet")
const nextTurn = () => new Promise<typeof notYet>((resolve) => setImmediate(resolve, notYet))

/**
 * Returns a reader that waits for the next SSE chunk, then also takes every
 * chunk that is already parsed (they settle before the event loop's next
 * turn), so that one network read is one pull of the Effect stream rather
 * than one pull per delta: each pull crosses every stage of the stream, and
 * at 0 ms between deltas that cost dominated the worker's CPU
 * (docs/PERFORMANCE.md). Nothing waits for more than is already there. A read
 * that has not settled by then, or that failed, is kept for the next call.
 */
export const readWhatIsReady = <A>(iterator: AsyncIterator<A>) => {
  let pending: Promise<IteratorResult<A>> | undefined
  return async (): Promise<{ readonly chunks: Array<A>; readonly done: boolean }> => {
    const first = await (pending ?? iterator.next())
    pending = undefined
    if (first.done === true) return { chunks: [], done: true }
    const chunks = [first.value]
    const turn = nextTurn()
    for (;;) {
      const next = iterator.next()
      let settled: IteratorResult<A> | typeof notYet
      try {
        settled = await Promise.race([next, turn])
      } catch {
        pending = next // its failure is reported by the next read, after what was read here
        return { chunks, done: false }
      }
      if (settled === notYet) {
        pending = next
        return { chunks, done: false }
      }
      if (settled.done === true) return { chunks, done: true }
      chunks.push(settled.value)
    }
  }
}

// ---------------------------------------------------------------------------
// The service

type Body = ChatCompletionCreateParamsStreaming & { search_recency_filter?: string }

export const requestBody = (options: OpenAiCompatibleOptions, request: LlmRequest): Body => {
  const recency = options.flavor === "perplexity" ? searchRecencyFilter(request.period) : undefined
  return {
    model: options.model,
    messages: toChatMessages(buildPrompt(request)).map((m) => ({ role: m.role, content: m.content })),
    stream: true,
    max_tokens: options.maxTokens,
    temperature: options.temperature,
    ...(recency === undefined ? {} : { search_recency_filter: recency })
  }
}

/** Builds the service; the SDK client is made once and shared by every call. */
export const makeOpenAiCompatible = (options: OpenAiCompatibleOptions): Effect.Effect<PullableLlm> =>
  Effect.sync(() => {
    const client = new OpenAI({
      apiKey: Redacted.value(options.apiKey),
      ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
      maxRetries: 0,
      // A safety net only: the first-token timeout below is the one that acts.
      timeout: Duration.toMillis(options.firstTokenTimeout) + Duration.toMillis(options.idleTimeout),
      // The SDK would log a malformed SSE line with console.error; we turn it into a ProviderFailure.
      logLevel: "off"
    })
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
      Effect.gen(function*() {
        yield* Effect.makeSpanScoped("Llm.stream", spanOptions)
        const body = requestBody(options, request)
        const language = request.analysis.contentPreferences.primaryLanguage
        let sentText = false
        let finished = false
        // The upstream's stream ended (read to its end): nothing left to abort.
        let upstreamEnded = false
        let sources: ReadonlyArray<Source> = []
        // What the pull returns once the upstream's stream has ended.
        let ending: Pull<ProviderFailure> | undefined

        const controller = new AbortController()
        // Only a request still open is aborted: abort() builds a DOMException, wasted on a finished stream.
        yield* Effect.addFinalizer(() => upstreamEnded ? Effect.void : Effect.sync(() => controller.abort()))
        const watch = yield* watchFirstAndIdle(controller, { first: options.firstTokenTimeout, idle: options.idleTimeout })
        // Once the watch fired and aborted the request, whatever the SDK says next is that timeout.
        const timedOut = (): ProviderFailure | undefined =>
          watch.fired === "first" ? firstTimeout : watch.fired === "idle" ? idleTimeout : undefined
        const failWith = (afterFirstToken: boolean) => (error: unknown) =>
          Effect.catchAll(toFailure(provider, afterFirstToken)(error), (failure) => Effect.fail(timedOut() ?? failure))

        const completion = yield* watch.waiting(Effect.tryPromise({
          try: () => client.chat.completions.create(body, { signal: controller.signal }),
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
// Configuration

/** A current small, cheap, non-reasoning chat model that accepts temperature and max_tokens. */
export const defaultOpenAiModel = "gpt-4.1-mini"
export const defaultPerplexityModel = "sonar"
export const defaultPerplexityBaseURL = "https://api.perplexity.ai"
/**
 * What the SDK is given when OPENAI_BASE_URL is set without OPENAI_API_KEY:
 * local model servers need no key, the SDK insists on one.
 */
export const placeholderApiKey = "no-key"

const millis = (name: string, fallback: number) =>
  positiveInt(name, fallback).pipe(Config.map((ms) => Duration.millis(ms)))

const temperature = (name: string) =>
  Config.number(name).pipe(
    Config.validate({ message: "must be a number from 0 to 2", validation: (t) => t >= 0 && t <= 2 }),
    Config.withDefault(0.7)
  )

const baseUrl = (name: string) =>
  Config.option(Config.string(name).pipe(
    Config.validate({ message: "must be an absolute http(s) URL", validation: isHttpUrl })
  ))

const nonEmpty = (name: string, fallback: string) =>
  Config.string(name).pipe(
    Config.validate({ message: "must not be empty", validation: (s) => s.trim() !== "" }),
    Config.withDefault(fallback)
  )

/** Timeouts shared by every provider. */
export const llmTimeoutsConfig = Config.all({
  firstTokenTimeout: millis("LLM_FIRST_TOKEN_TIMEOUT_MS", 15_000),
  idleTimeout: millis("LLM_IDLE_TIMEOUT_MS", 30_000)
})

/**
 * A provider's options from `<PREFIX>_API_KEY`, `_BASE_URL`, `_MODEL`,
 * `_MAX_TOKENS` and `_TEMPERATURE`; none when neither a key nor a base URL is set.
 */
const providerConfig = (
  name: "openai" | "perplexity",
  defaults: { readonly model: string; readonly baseURL: string | undefined }
): Config.Config<Option.Option<OpenAiCompatibleOptions>> => {
  const prefix = name.toUpperCase()
  return Config.all({
    apiKey: Config.option(Config.redacted(`${prefix}_API_KEY`)),
    baseURL: baseUrl(`${prefix}_BASE_URL`),
    model: nonEmpty(`${prefix}_MODEL`, defaults.model),
    maxTokens: positiveInt(`${prefix}_MAX_TOKENS`, 500),
    temperature: temperature(`${prefix}_TEMPERATURE`),
    timeouts: llmTimeoutsConfig
  }).pipe(Config.map(({ apiKey, baseURL, model, maxTokens, temperature, timeouts }) =>
    Option.isNone(apiKey) && Option.isNone(baseURL)
      ? Option.none()
      : Option.some<OpenAiCompatibleOptions>({
        name,
        flavor: name,
        apiKey: Option.getOrElse(apiKey, () => Redacted.make(placeholderApiKey)),
        baseURL: Option.getOrElse(baseURL, () => defaults.baseURL),
        model,
        maxTokens,
        temperature,
        ...timeouts
      })
  ))
}

/** The openai provider, when OPENAI_API_KEY or OPENAI_BASE_URL is set (the SDK's base URL otherwise). */
export const openAiConfig = providerConfig("openai", { model: defaultOpenAiModel, baseURL: undefined })

/** The perplexity provider, when PERPLEXITY_API_KEY or PERPLEXITY_BASE_URL is set. */
export const perplexityConfig = providerConfig("perplexity", {
  model: defaultPerplexityModel,
  baseURL: defaultPerplexityBaseURL
})

const required = (config: Config.Config<Option.Option<OpenAiCompatibleOptions>>, keyName: string, urlName: string) =>
  Effect.flatMap(config, Option.match({
    onSome: Effect.succeed,
    onNone: () =>
      Effect.fail(ConfigError.MissingData([keyName], `${keyName} (or ${urlName}) must be set for this provider`))
  }))

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
