/**
 * The production `Llm`: an ordered chain of providers with failover.
 *
 * - A provider that fails before its first token (connection, timeout, 5xx,
 *   429, a stream cut before any text) is retried with exponential backoff and
 *   jitter, at least as long as its Retry-After (llm/retry.ts), then handed
 *   over to the next provider. Each failed attempt is closed (its HTTP request
 *   aborted) before the next one starts.
 * - Once a provider's first token is out, the call is committed to it: a later
 *   failure ends the stream with that `ProviderFailure` (afterFirstToken), so
 *   the client never gets text from two providers.
 * - A per-provider circuit breaker (llm/breaker.ts) skips a provider after N
 *   consecutive failed attempts, for a cool-down.
 * - The caller's deadline is a budget (llm/budget.ts): a retry or a fallback
 *   whose typical time to first token no longer fits before the deadline is
 *   skipped. The call's first attempt always runs, so that a provider's
 *   estimate keeps being refreshed by real traffic.
 * - Everything failed or was skipped: `ProvidersUnavailable` with every
 *   attempt's failure.
 *
 * First-token and idle timeouts belong to each provider (LlmOpenAi.ts): they
 * turn a stall into a `ProviderFailure` of kind timeout / idle_timeout.
 */
import {
  Chunk,
  Clock,
  Config,
  ConfigError,
  Duration,
  Effect,
  Either,
  Exit,
  Layer,
  Option,
  Schedule,
  Scope
} from "effect"
import { ProviderFailure, ProvidersUnavailable } from "../domain/errors.js"
import { countFallback, countUpstreamFailure } from "../metrics/definitions.js"
import type { Catalog } from "../services/Catalog.js"
import { Llm, type LlmChunk, type LlmRequest, type LlmService, openAnswer } from "../services/Llm.js"
import { acquireReleasePlain } from "./finalizers.js"
import { type BreakerPolicy, defaultBreakerPolicy, makeCircuitBreaker } from "./llm/breaker.js"
import { type Pull, pullable } from "./llm/pull.js"
import { defaultSmoothing, fitsBudget, makeLatencyEstimate } from "./llm/budget.js"
import { defaultRetryPolicy, type RetryPolicy, retrySchedule } from "./llm/retry.js"
import { catalogProvider, makeCatalogLlm } from "./LlmCatalog.js"
import { makeOpenAiCompatible, openAiConfig, perplexityConfig } from "./LlmOpenAi.js"
import { nonNegativeInt } from "./configValues.js"

/** One link of the chain. */
export interface LlmProvider {
  readonly name: string
  readonly service: LlmService
}

export interface ChainPolicy {
  readonly retry: RetryPolicy
  readonly breaker: BreakerPolicy
  /** Time kept before the deadline for the answer after its first token. */
  readonly deadlineMargin: Duration.DurationInput
  /** Weight of the newest sample in each provider's time-to-first-token average. */
  readonly latencySmoothing: number
}

export const defaultChainPolicy: ChainPolicy = {
  retry: defaultRetryPolicy,
  breaker: defaultBreakerPolicy,
  deadlineMargin: "250 millis",
  latencySmoothing: defaultSmoothing
}

/** A nested chain's `ProvidersUnavailable` seen as that provider's failure. */
const asProviderFailure = (provider: LlmProvider) => (error: ProviderFailure | ProvidersUnavailable): ProviderFailure =>
  error._tag === "ProviderFailure"
    ? error
    : new ProviderFailure({ provider: provider.name, kind: "server_error", afterFirstToken: false, detail: error.reason })

/**
 * Opens a provider's answer in the current scope: through its pull when it has
 * one (no stream executor), else through its stream (scripted test providers).
 */
const openProvider = (provider: LlmProvider, request: LlmRequest): Effect.Effect<Pull<ProviderFailure>, ProviderFailure, Scope.Scope> => {
  const toFailure = asProviderFailure(provider)
  return Effect.map(
    Effect.mapError(openAnswer(provider.service, request), toFailure),
    (pull) => Effect.mapError(pull, Option.map(toFailure))
  )
}

const describeFailures = (failures: ReadonlyArray<ProviderFailure>): string => {
  const last = new Map<string, string>()
  for (const failure of failures) last.set(failure.provider, failure.kind)
  return [...last].map(([provider, kind]) => `${provider} (${kind})`).join(", ")
}

/** Builds the chain; breakers and latency estimates live as long as the service. */
export const makeLlmChain = (
  providers: ReadonlyArray<LlmProvider>,
  policy: ChainPolicy = defaultChainPolicy
): Effect.Effect<LlmService> =>
  Effect.gen(function*() {
    const links = yield* Effect.forEach(providers, (provider) =>
      Effect.all({
        provider: Effect.succeed(provider),
        breaker: makeCircuitBreaker(policy.breaker),
        latency: makeLatencyEstimate(policy.latencySmoothing)
      }))
    const marginMs = Duration.toMillis(policy.deadlineMargin)
    const schedule = retrySchedule(policy.retry)

    /**
     * The call's answer as one pull: the committed provider's pull, its first
     * chunk first; failures after it are marked afterFirstToken and recorded,
     * the end records the success. No stream stage of its own.
     */
    const open = (request: LlmRequest): Effect.Effect<Pull<ProviderFailure | ProvidersUnavailable>, ProviderFailure | ProvidersUnavailable, Scope.Scope> =>
      Effect.gen(function*() {
        yield* Effect.makeSpanScoped("LlmChain.stream", { captureStackTrace: false })
        const failures: Array<ProviderFailure> = []
        // The call's first attempt always runs; later ones must fit the deadline.
        let attempted = false

        const fits = (link: (typeof links)[number], delayMs: number) =>
          Effect.gen(function*() {
            if (!attempted) return true
            const now = yield* Clock.currentTimeMillis
            const expectedFirstTokenMs = yield* link.latency.current
            return fitsBudget({ now, deadline: request.deadline, delayMs, expectedFirstTokenMs, marginMs })
          })

        /** One attempt: the first non-empty chunk and the rest of the answer, or a failure (its request closed). */
        const attempt = (link: (typeof links)[number]) =>
          Effect.gen(function*() {
            const name = link.provider.name
            if (!(yield* link.breaker.tryAcquire)) {
              return yield* new ProviderFailure({
                provider: name,
                kind: "circuit_open",
                afterFirstToken: false,
                detail: "skipped: the circuit is open after repeated failures"
              })
            }
            if (!(yield* fits(link, 0))) {
              const expected = Option.getOrElse(yield* link.latency.current, () => 0)
              return yield* new ProviderFailure({
                provider: name,
                kind: "timeout",
                afterFirstToken: false,
                detail: `skipped: its typical first token (${Math.round(expected)} ms) no longer fits before the deadline`
              })
            }
            attempted = true
            const scope = yield* acquireReleasePlain(Scope.make(), (scope, exit) => Scope.close(scope, exit))
            const started = yield* Clock.currentTimeMillis
            const first = yield* Scope.extend(openProvider(link.provider, request), scope).pipe(
              Effect.flatMap((pull) =>
                Effect.map(
                  Effect.repeat(pull, { until: Chunk.isNonEmpty }).pipe(
                    Effect.mapError(Option.getOrElse(() =>
                      new ProviderFailure({
                        provider: name,
                        kind: "bad_response",
                        afterFirstToken: false,
                        detail: "the stream ended before any text"
                      })
                    ))
                  ),
                  (chunk) => ({ chunk, pull })
                )
              ),
              Effect.tapError((failure) =>
                Effect.gen(function*() {
                  yield* Scope.close(scope, Exit.fail(failure))
                  yield* link.breaker.recordFailure
                  // A timeout says the first token takes at least this long.
                  if (failure.kind === "timeout") {
                    yield* link.latency.observe((yield* Clock.currentTimeMillis) - started)
                  }
                })
              )
            )
            yield* link.latency.observe((yield* Clock.currentTimeMillis) - started)
            return { link, ...first }
          })

        for (const link of links) {
          const name = link.provider.name
          const once = attempt(link).pipe(
            Effect.tapError((failure) =>
              Effect.sync(() => failures.push(failure)).pipe(
                Effect.zipRight(countUpstreamFailure(name, failure.kind)),
                Effect.zipRight(
                  Effect.logDebug("LLM provider attempt failed before its first token").pipe(
                    Effect.annotateLogs({ provider: name, kind: failure.kind, detail: failure.detail })
                  )
                )
              )
            )
          )
          // The retry schedule starts only after a failure (most calls never need it): the first failure is
          // handed to it as the first attempt's, so delays and counts are those of a retry around `once`.
          const retried = Effect.catchAll(once, (first) => {
            let replayed = false
            const again = Effect.suspend(() => (replayed ? once : (replayed = true, Effect.fail(first))))
            return Effect.retry(again, Schedule.checkEffect(schedule, (_, delay) => fits(link, Duration.toMillis(delay))))
          })
          const committed = yield* Effect.option(retried)
          if (Option.isSome(committed)) return committedPull(committed.value)
          if (link !== links[links.length - 1]) yield* countFallback(name)
          const last = failures[failures.length - 1]
          if (last !== undefined && last.kind !== "circuit_open") {
            yield* Effect.logWarning("LLM provider failed before its first token; handing over").pipe(
              Effect.annotateLogs({ provider: name, kind: last.kind, detail: last.detail })
            )
          }
        }
        return yield* new ProvidersUnavailable({
          reason: links.length === 0
            ? "No LLM provider is configured."
            : `Every LLM provider failed or was skipped: ${describeFailures(failures)}.`,
          failures
        })
      })

    /** After the commit: the first chunk, then the provider's pull with failures past the first token recorded. */
    const committedPull = (
      { chunk, link, pull }: { readonly chunk: Chunk.Chunk<LlmChunk>; readonly link: (typeof links)[number]; readonly pull: Pull<ProviderFailure> }
    ): Pull<ProviderFailure> => {
      const name = link.provider.name
      let first: Chunk.Chunk<LlmChunk> | undefined = chunk
      const failed = (failure: ProviderFailure) => {
        const after = failure.afterFirstToken ? failure : new ProviderFailure({ ...failure, afterFirstToken: true })
        return Effect.zipRight(
          Effect.zipRight(link.breaker.recordFailure, countUpstreamFailure(name, after.kind)),
          Effect.zipRight(
            Effect.logWarning("LLM provider failed after its first token; the answer is cut").pipe(
              Effect.annotateLogs({ provider: name, kind: after.kind, detail: after.detail })
            ),
            Effect.fail(Option.some(after))
          )
        )
      }
      const rest = Effect.catchAll(pull, Option.match({
        onNone: () => Effect.zipRight(link.breaker.recordSuccess, Effect.fail(Option.none())),
        onSome: failed
      }))
      return Effect.suspend(() => {
        if (first === undefined) return rest
        const out = first
        first = undefined
        return Effect.succeed(out)
      })
    }

    return Llm.of(pullable(open))
  })

// ---------------------------------------------------------------------------
// Configuration

export const knownProviders = ["openai", "perplexity", catalogProvider] as const
export type ProviderName = (typeof knownProviders)[number]

const isProviderName = (name: string): name is ProviderName => (knownProviders as ReadonlyArray<string>).includes(name)

/** `LLM_PROVIDERS`, parsed: a comma list of known names, no duplicates, not empty. */
export const parseProviderList = (text: string): ReadonlyArray<ProviderName> | string => {
  const names = text.split(",").map((s) => s.trim().toLowerCase()).filter((s) => s !== "")
  if (names.length === 0) return `must name at least one of: ${knownProviders.join(", ")}`
  const unknown = names.filter((n) => !isProviderName(n))
  if (unknown.length > 0) return `names unknown provider(s) ${unknown.join(", ")}; known: ${knownProviders.join(", ")}`
  if (new Set(names).size !== names.length) return "names a provider twice"
  return names as ReadonlyArray<ProviderName>
}

const positiveMillis = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.validate({ message: "must be a positive integer (milliseconds)", validation: (n) => n > 0 }),
    Config.withDefault(fallback),
    Config.map(Duration.millis)
  )

export const chainPolicyConfig: Config.Config<ChainPolicy> = Config.all({
  retry: Config.all({
    retries: nonNegativeInt("LLM_RETRIES", defaultRetryPolicy.retries),
    baseDelay: positiveMillis("LLM_RETRY_BASE_MS", Duration.toMillis(defaultRetryPolicy.baseDelay)),
    maxDelay: positiveMillis("LLM_RETRY_MAX_DELAY_MS", Duration.toMillis(defaultRetryPolicy.maxDelay)),
    maxRetryAfter: positiveMillis("LLM_RETRY_AFTER_MAX_MS", Duration.toMillis(defaultRetryPolicy.maxRetryAfter))
  }),
  breaker: Config.all({
    failureThreshold: Config.integer("LLM_CIRCUIT_FAILURES").pipe(
      Config.validate({ message: "must be a positive integer", validation: (n) => n > 0 }),
      Config.withDefault(defaultBreakerPolicy.failureThreshold)
    ),
    cooldown: positiveMillis("LLM_CIRCUIT_COOLDOWN_MS", Duration.toMillis(defaultBreakerPolicy.cooldown))
  }),
  deadlineMargin: nonNegativeInt("LLM_DEADLINE_MARGIN_MS", Duration.toMillis(defaultChainPolicy.deadlineMargin))
    .pipe(Config.map(Duration.millis)),
  latencySmoothing: Config.succeed(defaultSmoothing)
})

const providerListConfig = Config.option(Config.string("LLM_PROVIDERS")).pipe(
  Config.mapOrFail((text) => {
    if (Option.isNone(text)) return Either.right(Option.none<ReadonlyArray<ProviderName>>())
    const parsed = parseProviderList(text.value)
    return typeof parsed === "string"
      ? Either.left(ConfigError.InvalidData(["LLM_PROVIDERS"], parsed))
      : Either.right(Option.some(parsed))
  })
)

/**
 * The chain from the environment: `LLM_PROVIDERS` in its order, or by default
 * every configured provider in the order openai, perplexity, catalog (the
 * embedded recommender is always configured).
 */
export const makeLlmLive: Effect.Effect<LlmService, ConfigError.ConfigError, Catalog> = Effect.gen(function*() {
  const openai = yield* openAiConfig
  const perplexity = yield* perplexityConfig
  const policy = yield* chainPolicyConfig
  const listed = yield* providerListConfig
  const configured: Record<ProviderName, boolean> = {
    openai: Option.isSome(openai),
    perplexity: Option.isSome(perplexity),
    catalog: true
  }
  const names = Option.getOrElse(listed, () => knownProviders.filter((name) => configured[name]))
  const missing = names.filter((name) => !configured[name])
  if (missing.length > 0) {
    return yield* Effect.fail(ConfigError.InvalidData(
      ["LLM_PROVIDERS"],
      `names ${missing.join(", ")}, which is not configured (set ${
        missing.map((n) => n === "openai" ? "OPENAI_API_KEY or OPENAI_BASE_URL" : "PERPLEXITY_API_KEY").join("; ")
      })`
    ))
  }
  const providers = yield* Effect.forEach(names, (name) =>
    Effect.map(
      name === "openai"
        ? makeOpenAiCompatible(Option.getOrThrow(openai))
        : name === "perplexity"
        ? makeOpenAiCompatible(Option.getOrThrow(perplexity))
        : makeCatalogLlm,
      (service): LlmProvider => ({ name, service })
    ))
  yield* Effect.logInfo("LLM provider chain ready").pipe(Effect.annotateLogs({ providers: names.join(" → ") }))
  return yield* makeLlmChain(providers, policy)
})

/** The production `Llm`: the configured providers with failover, the catalog last. */
export const LlmLive: Layer.Layer<Llm, ConfigError.ConfigError, Catalog> = Layer.effect(Llm, makeLlmLive)
