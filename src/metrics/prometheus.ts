/**
 * Effect's metrics in the Prometheus text format, through prom-client: each
 * scrape reads a snapshot of every Effect metric and hands prom-client one
 * collector per metric name, so prom-client does the exposition (escaping,
 * histogram series, +Inf) and the process metrics (CPU, memory, event loop).
 * Effect stays the one API the code counts with.
 */
import { Effect, Metric, type MetricPair, MetricState, Option } from "effect"
import { collectDefaultMetrics, type Metric as PromMetric, Registry } from "prom-client"

type Labels = Record<string, string>

interface Sample {
  readonly value: number
  readonly labels: Labels
  readonly metricName?: string
}

interface Family {
  readonly type: "counter" | "gauge" | "histogram" | "summary"
  readonly samples: Array<Sample>
  help: string
}

const labelsOf = (pair: MetricPair.MetricPair.Untyped): Labels =>
  Object.fromEntries(pair.metricKey.tags.map((tag) => [tag.key, tag.value]))

const le = (boundary: number) => (boundary === Number.POSITIVE_INFINITY ? "+Inf" : String(boundary))

const familyType = (state: MetricState.MetricState.Untyped): Family["type"] | undefined =>
  MetricState.isCounterState(state) || MetricState.isFrequencyState(state)
    ? "counter"
    : MetricState.isGaugeState(state)
    ? "gauge"
    : MetricState.isHistogramState(state)
    ? "histogram"
    : MetricState.isSummaryState(state)
    ? "summary"
    : undefined

/** The Prometheus samples of one Effect metric with one set of tags. */
const samplesOf = (name: string, pair: MetricPair.MetricPair.Untyped): Array<Sample> => {
  const labels = labelsOf(pair)
  const state = pair.metricState
  if (MetricState.isCounterState(state)) return [{ value: Number(state.count), labels }]
  if (MetricState.isGaugeState(state)) return [{ value: Number(state.value), labels }]
  if (MetricState.isFrequencyState(state)) {
    return [...state.occurrences].map(([key, value]) => ({ value, labels: { ...labels, key } }))
  }
  if (MetricState.isHistogramState(state)) {
    // Effect's buckets are cumulative already; Prometheus wants a +Inf bucket equal to the count.
    const buckets = state.buckets.filter(([boundary]) => boundary !== Number.POSITIVE_INFINITY)
    return [
      ...buckets.map(([boundary, cumulative]) => ({
        metricName: `${name}_bucket`,
        value: cumulative,
        labels: { ...labels, le: le(boundary) }
      })),
      { metricName: `${name}_bucket`, value: state.count, labels: { ...labels, le: "+Inf" } },
      { metricName: `${name}_sum`, value: state.sum, labels },
      { metricName: `${name}_count`, value: state.count, labels }
    ]
  }
  if (MetricState.isSummaryState(state)) {
    return [
      ...state.quantiles.flatMap(([quantile, value]) =>
        Option.isSome(value) ? [{ value: value.value, labels: { ...labels, quantile: String(quantile) } }] : []
      ),
      { metricName: `${name}_sum`, value: state.sum, labels },
      { metricName: `${name}_count`, value: state.count, labels }
    ]
  }
  return []
}

const families = (pairs: ReadonlyArray<MetricPair.MetricPair.Untyped>): Map<string, Family> => {
  const byName = new Map<string, Family>()
  for (const pair of pairs) {
    const name = pair.metricKey.name
    const type = familyType(pair.metricState)
    if (type === undefined) continue
    const family = byName.get(name) ?? { type, samples: [], help: "" }
    byName.set(name, family)
    if (family.type !== type) continue // one name, two kinds: keep the first, Prometheus allows one
    family.help ||= Option.getOrElse(pair.metricKey.description, () => name)
    family.samples.push(...samplesOf(name, pair))
  }
  return byName
}

/**
 * A prom-client collector for a family: the shape its Registry reads from
 * its own metric classes (`name`, `help`, `type`, `aggregator`, `get()`).
 * prom-client's classes cannot be set to a snapshot's histogram buckets,
 * hence this object rather than a `Histogram`.
 */
const collector = (name: string, family: Family) =>
  ({
    name,
    help: family.help,
    type: family.type,
    aggregator: "sum",
    collect: () => {},
    get: () => Promise.resolve({ name, help: family.help, type: family.type, aggregator: "sum", values: family.samples })
  }) as unknown as PromMetric

export interface Exposition {
  readonly contentType: string
  readonly body: string
}

/** Renders the metrics; the registry of process metrics lives as long as the exporter. */
export const makePrometheusExporter = (options: { readonly processMetrics: boolean }) => {
  const processRegistry = new Registry()
  if (options.processMetrics) collectDefaultMetrics({ register: processRegistry })
  return Effect.flatMap(Metric.snapshot, (pairs) =>
    Effect.promise(() => {
      const effectRegistry = new Registry()
      for (const [name, family] of families(pairs)) effectRegistry.registerMetric(collector(name, family))
      const registry = Registry.merge([processRegistry, effectRegistry])
      return registry.metrics().then((body): Exposition => ({ contentType: registry.contentType, body }))
    }))
}
