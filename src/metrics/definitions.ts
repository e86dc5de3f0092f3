/**
 * The worker's own metrics, as Effect metrics (the cache's are in
 * src/layers/CacheMetrics.ts). Every Effect metric is exported on /metrics
 * by src/metrics/prometheus.ts. Labels take values from small fixed sets only
 * (providers, status codes, failure kinds, known content types), never from
 * request data, so the series stay bounded.
 */
import { Effect, FiberRef, Metric, MetricBoundaries, MetricKey, type MetricKeyType, MetricLabel, type Scope } from "effect"
import { knownContentTypes, type ContentType } from "../domain/request.js"

/** Seconds, from 5 ms to 2 minutes: first chunks take tens of ms to seconds, whole answers up to a minute. */
const secondsBoundaries = MetricBoundaries.fromIterable([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120
])

/** Each metric's key, and its labelled metrics made so far by label set (see `tagged`). */
const labelled = new WeakMap<object, { readonly key: MetricKey.MetricKey<any>; readonly byLabels: Map<string, unknown> }>()
const fromKey = <Type extends MetricKeyType.MetricKeyType<any, any>>(key: MetricKey.MetricKey<Type>) => {
  const metric = Metric.fromMetricKey(key)
  labelled.set(metric, { key, byLabels: new Map() })
  return metric
}
/** A counter that only goes up, labelled through `countMetric`. */
export const defineCounter = (name: string, description: string): Metric.Metric.Counter<number> =>
  fromKey(MetricKey.counter(name, { description, incremental: true }))
const histogram = (name: string, description: string): Metric.Metric.Histogram<number> =>
  fromKey(MetricKey.histogram(name, secondsBoundaries, description))

export const callsHandled = defineCounter(
  "grpc_server_handled_total",
  "gRPC calls finished, by method and final status code"
)

export const recommendDuration = histogram(
  "recommend_duration_seconds",
  "Whole Recommend calls, from arrival to the final status, by provider and status code"
)

export const recommendFirstChunk = histogram(
  "recommend_first_chunk_seconds",
  "Time from a Recommend call's arrival to its first chunk of text, by provider"
)

export const streamsInFlight = Metric.gauge("recommend_streams_in_flight", {
  description: "Recommend streams admitted and not yet finished"
})

export const chunksStreamed = defineCounter(
  "recommend_chunks_streamed_total",
  "Chunks of recommendation text (tokens, roughly) written to callers, by provider"
)

export const upstreamFailures = defineCounter(
  "llm_upstream_failures_total",
  "Failed attempts at an LLM provider, by provider and cause (ProviderFailure kind)"
)

export const providerFallbacks = defineCounter(
  "llm_provider_fallbacks_total",
  "Calls handed over to the next provider of the chain, by the provider that failed"
)

export const feedbackEvents = defineCounter(
  "recommendation_feedback_total",
  "Feedback on recommendations (impression, click, dismiss), by the provider and content type of the recommendation"
)

export const rateLimited = defineCounter(
  "rate_limited_total",
  "Recommend calls refused by the per-key rate limit, by API key id (\"open\" without keys)"
)

/** The content-type label: a known type, or "other" for callers' free-text hints (unbounded). */
export const contentTypeLabel = (contentType: ContentType): string =>
  contentType._tag === "Known" && (knownContentTypes as ReadonlyArray<string>).includes(contentType.value)
    ? contentType.value
    : "other"

/**
 * The metric with these labels, made once per label set, from its key: an
 * update then finds its registry entry through Effect's own hook cache.
 * (`Metric.tagged`/`taggedWithLabels` build a label array, a metric key and
 * its hash on every update, ~10 µs each.) Every label comes from a small
 * fixed set (see above), so the memo stays small.
 */
const tagged = <M extends Metric.Metric<any, any, any>>(metric: M, tags: Readonly<Record<string, string>>): M => {
  const entry = labelled.get(metric)
  if (entry === undefined) throw new Error("a labelled metric must be made by defineCounter or histogram (metrics/definitions.ts)")
  let labels = ""
  for (const name in tags) labels += `${name}\u0000${tags[name]}\u0001`
  let found = entry.byLabels.get(labels) as M | undefined
  if (found === undefined) {
    found = Metric.fromMetricKey(MetricKey.taggedWithLabels(entry.key, labelsOf(tags))) as unknown as M
    entry.byLabels.set(labels, found)
  }
  return found
}

const count = (counter: Metric.Metric.Counter<number>, tags: Readonly<Record<string, string>>, by = 1) =>
  Metric.incrementBy(tagged(counter, tags), by)

const labelsOf = (tags: Readonly<Record<string, string>>) =>
  Object.entries(tags).map(([key, value]) => MetricLabel.make(key, value))

/**
 * Runs `effect` with every metric it updates labelled by its transport. The
 * label array is one per transport: Effect caches a metric's registry entry
 * per label array, so a fresh one per call (`Effect.tagMetrics`) would miss
 * on every update. It replaces the labels around it (there are none).
 */
const transportLabels = {
  grpc: [MetricLabel.make("transport", "grpc")],
  websocket: [MetricLabel.make("transport", "websocket")],
  http: [MetricLabel.make("transport", "http")]
} as const
export type Transport = keyof typeof transportLabels

export const withTransport = (transport: Transport) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.locally(effect, FiberRef.currentMetricLabels, transportLabels[transport])

/** The same for the rest of the current scope. */
export const withTransportScoped = (transport: Transport): Effect.Effect<void, never, Scope.Scope> =>
  Effect.locallyScoped(FiberRef.currentMetricLabels, transportLabels[transport])

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
