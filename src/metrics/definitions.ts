/**
 * The worker's own metrics, as Effect metrics (the cache's are in
 * src/layers/CacheMetrics.ts). Every Effect metric is exported on /metrics
 * by src/metrics/prometheus.ts. Labels take values from small fixed sets only
 * (providers, status codes, failure kinds, known content types), never from
 * request data, so the series stay bounded.
 */
import { Effect, Metric, MetricBoundaries, MetricLabel } from "effect"
import { knownContentTypes, type ContentType } from "../domain/request.js"

/** Seconds, from 5 ms to 2 minutes: first chunks take tens of ms to seconds, whole answers up to a minute. */
const secondsBoundaries = MetricBoundaries.fromIterable([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120
])

export const callsHandled = Metric.counter("grpc_server_handled_total", {
  description: "gRPC calls finished, by method and final status code",
  incremental: true
})

export const recommendDuration = Metric.histogram(
  "recommend_duration_seconds",
  secondsBoundaries,
  "Whole Recommend calls, from arrival to the final status, by provider and status code"
)

export const recommendFirstChunk = Metric.histogram(
  "recommend_first_chunk_seconds",
  secondsBoundaries,
  "Time from a Recommend call's arrival to its first chunk of text, by provider"
)

export const streamsInFlight = Metric.gauge("recommend_streams_in_flight", {
  description: "Recommend streams admitted and not yet finished"
})

export const chunksStreamed = Metric.counter("recommend_chunks_streamed_total", {
  description: "Chunks of recommendation text (tokens, roughly) written to callers, by provider",
  incremental: true
})

export const upstreamFailures = Metric.counter("llm_upstream_failures_total", {
  description: "Failed attempts at an LLM provider, by provider and cause (ProviderFailure kind)",
  incremental: true
})

export const providerFallbacks = Metric.counter("llm_provider_fallbacks_total", {
  description: "Calls handed over to the next provider of the chain, by the provider that failed",
  incremental: true
})

export const feedbackEvents = Metric.counter("recommendation_feedback_total", {
  description:
    "Feedback on recommendations (impression, click, dismiss), by the provider and content type of the recommendation",
  incremental: true
})

export const rateLimited = Metric.counter("rate_limited_total", {
  description: "Recommend calls refused by the per-key rate limit, by API key id (\"open\" without keys)",
  incremental: true
})

/** The content-type label: a known type, or "other" for callers' free-text hints (unbounded). */
export const contentTypeLabel = (contentType: ContentType): string =>
  contentType._tag === "Known" && (knownContentTypes as ReadonlyArray<string>).includes(contentType.value)
    ? contentType.value
    : "other"

/**
 * The metric with these labels, made once per label set: tagging builds new
 * label objects and a metric key each time (~10 µs), and every label comes
 * from a small fixed set (see above), so the memo stays small.
 */
const taggedMemo = new WeakMap<object, Map<string, unknown>>()
const tagged = <M extends Metric.Metric<any, any, any>>(metric: M, tags: Readonly<Record<string, string>>): M => {
  let byLabels = taggedMemo.get(metric)
  if (byLabels === undefined) taggedMemo.set(metric, byLabels = new Map())
  let key = ""
  for (const name in tags) key += `${name}\u0000${tags[name]}\u0001`
  let found = byLabels.get(key) as M | undefined
  if (found === undefined) byLabels.set(key, found = Metric.taggedWithLabels(metric, labels(tags)) as M)
  return found
}

const count = (counter: Metric.Metric.Counter<number>, tags: Readonly<Record<string, string>>, by = 1) =>
  Metric.incrementBy(tagged(counter, tags), by)

const labels = (tags: Readonly<Record<string, string>>) =>
  Object.entries(tags).map(([key, value]) => MetricLabel.make(key, value))

export { count as countMetric }

/** One failed attempt at a provider; called by the provider chain. */
export const countUpstreamFailure = (provider: string, cause: string): Effect.Effect<void> =>
  count(upstreamFailures, { provider, cause })

/** A hand-over from `provider` to the next one; called by the provider chain. */
export const countFallback = (provider: string): Effect.Effect<void> => count(providerFallbacks, { from: provider })

export const observeSeconds = (
  histogram: Metric.Metric.Histogram<number>,
  tags: Readonly<Record<string, string>>,
  millis: number
): Effect.Effect<void> => Metric.update(tagged(histogram, tags), millis / 1000)

export const trackInFlight = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.acquireUseRelease(
    Metric.increment(streamsInFlight),
    () => effect,
    () => Metric.incrementBy(streamsInFlight, -1)
  )
