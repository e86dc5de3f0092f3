/**
 * Resilience harness: the real gRPC server (test/support/grpc.ts) with the
 * production provider chain (LlmLive) built from a ConfigProvider pointed at
 * fake OpenAI-compatible servers, the real SDK, real HTTP.
 *
 * In flight: `inFlight` is the worker's own gauge (`recommend_streams_in_flight`,
 * a process-wide Effect metric: tests in a file run one after another) plus
 * the provider streams the harness counts itself (from a stream's first pull
 * to its finalizer, which runs after the upstream request was aborted or
 * finished). Both must be zero once every call ended.
 *
 * Cache off (every call does the whole work, a fault is never hidden by a
 * cached answer), a per-key stream limit above the suite's concurrency, and
 * a feedback map (recent recommendations) capped at 1,000 entries: it holds
 * 100,000 by design in production, which would read as heap growth in the
 * leak drill; capped, it is full within the drill's first 2,000 calls.
 */
import { ConfigProvider, Effect, Layer, Metric, Option, Stream } from "effect"
import { CacheOffLive } from "../../src/layers/Cache.js"
import { layerFromItems } from "../../src/layers/Catalog.js"
import { streamsInFlight } from "../../src/metrics/definitions.js"
import { layer as accessControl } from "../../src/layers/AccessControl.js"
import { layer as rateLimiter } from "../../src/layers/RateLimiter.js"
import { layer as recentRecommendations } from "../../src/layers/RecentRecommendations.js"
import { make as makeServingState } from "../../src/layers/ServingState.js"
import { ServingState } from "../../src/services/ServingState.js"
import { LlmLive } from "../../src/layers/LlmChain.js"
import { Llm } from "../../src/services/Llm.js"
import { FakeOpenAi, type FakeOpenAiServer, type RecordedRequest, startFakeOpenAi } from "../support/fakeOpenAi.js"
import { startWorker, validRequest, type Worker } from "../support/grpc.js"
import { candidates } from "../llm/fixtures.js"
import type { RecommendRequest } from "../../src/grpc/generated/recommendation/RecommendRequest.js"
import type { WorkerSettings } from "../../src/services/WorkerConfig.js"

export const fakeServer = Effect.acquireRelease(
  Effect.promise(() => startFakeOpenAi()),
  (fake) => Effect.promise(() => fake.close())
)

/** A call's marker travels as the content-type hint, which the prompt carries as data. */
export const markerOf = (n: number): string => `mk${n}x`
const markerPattern = /mk(\d+)x/

export const markerIn = (request: RecordedRequest): number | undefined => {
  const match = markerPattern.exec(request.rawBody)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/** The answer the fake gives for a marked request: distinct per call, several chunks. */
export const expectedChunks = (n: number, count = 5): ReadonlyArray<string> =>
  Array.from({ length: count }, (_, i) => `<${n}:${i}>`)

/** A fake behaviour that echoes the request's marker in every chunk. */
export const echoMarker = (options: { readonly delayMs?: number; readonly count?: number } = {}) =>
(request: RecordedRequest) => {
  const n = markerIn(request)
  return n === undefined
    ? FakeOpenAi.text(["unmarked"], { delayMs: options.delayMs ?? 0 })
    : FakeOpenAi.text(expectedChunks(n, options.count), { delayMs: options.delayMs ?? 0 })
}

export const markedRequest = (n: number, overrides: Partial<RecommendRequest> = {}): RecommendRequest => ({
  ...validRequest,
  user_id: `user-${n}`,
  content_type: markerOf(n),
  ...overrides
})

export interface ResilientWorker extends Worker {
  readonly openai: FakeOpenAiServer
  readonly perplexity: FakeOpenAiServer | undefined
  /** Streams in flight: the worker's gauge plus the provider streams open. */
  readonly inFlight: () => number
}

export interface ResilientWorkerOptions {
  /** Extra environment for LlmLive (timeouts, retries, LLM_PROVIDERS...). */
  readonly env?: Readonly<Record<string, string>>
  /** Start a second fake as perplexity, after openai in the chain. */
  readonly withPerplexity?: boolean
  readonly settings?: Partial<WorkerSettings>
}

/** Small timeouts and fast retries so that every fault resolves in well under a second. */
export const fastFaultEnv: Readonly<Record<string, string>> = {
  LLM_FIRST_TOKEN_TIMEOUT_MS: "300",
  LLM_IDLE_TIMEOUT_MS: "300",
  LLM_RETRIES: "1",
  LLM_RETRY_BASE_MS: "10",
  LLM_RETRY_MAX_DELAY_MS: "50",
  LLM_RETRY_AFTER_MAX_MS: "1000",
  // Faults are injected on purpose, back to back: keep the breaker out of the way.
  LLM_CIRCUIT_FAILURES: "1000"
}

export const startResilientWorker = (options: ResilientWorkerOptions = {}) =>
  Effect.gen(function*() {
    const openai = yield* fakeServer
    const perplexity = options.withPerplexity === true ? yield* fakeServer : undefined
    const env: Record<string, string> = {
      OPENAI_API_KEY: "sk-resilience",
      OPENAI_BASE_URL: openai.baseURL,
      LLM_PROVIDERS: perplexity === undefined ? "openai" : "openai,perplexity",
      ...(perplexity === undefined ? {} : { PERPLEXITY_API_KEY: "pplx-resilience", PERPLEXITY_BASE_URL: perplexity.baseURL }),
      ...options.env
    }
    let open = 0
    const counted = Layer.effect(
      Llm,
      Effect.map(Llm, (inner) =>
        Llm.of({
          stream: (request) =>
            Stream.acquireRelease(Effect.sync(() => open++), () => Effect.sync(() => open--)).pipe(
              Stream.flatMap(() => inner.stream(request))
            )
        }))
    )
    const llm = counted.pipe(
      Layer.provide(LlmLive),
      Layer.provide(layerFromItems(candidates)),
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))),
      Layer.orDie
    )
    const worker = yield* startWorker(llm, {
      cache: CacheOffLive,
      ops: Layer.mergeAll(
        accessControl({ keys: [], maxStreamsPerKey: 10_000 }),
        rateLimiter(Option.none()),
        recentRecommendations({ maxEntries: 1_000, ttlSeconds: 3_600 }),
        Layer.effect(ServingState, makeServingState)
      ),
      ...(options.settings === undefined ? {} : { settings: options.settings })
    })
    const gauge = () => Effect.runSync(Metric.value(streamsInFlight)).value
    return { ...worker, openai, perplexity, inFlight: () => gauge() + open } satisfies ResilientWorker
  })

/** Polls `check` every 10 ms until it holds, at most `timeoutMs`; the last value either way. */
export const eventually = (check: () => boolean, timeoutMs = 5_000) =>
  Effect.promise(() =>
    new Promise<boolean>((resolve) => {
      const started = Date.now()
      const tick = () => {
        if (check()) return resolve(true)
        if (Date.now() - started >= timeoutMs) return resolve(false)
        setTimeout(tick, 10)
      }
      tick()
    })
  )
