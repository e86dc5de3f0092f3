/**
 * The cache's counters, as Effect metrics, defined in one place so the
 * /metrics exporter finds them with clear names. Each is counted with a
 * `cache` label: "analysis" or "response".
 */
import type { Effect, Metric } from "effect"
import { countMetric, defineCounter } from "../metrics/definitions.js"
import type { CacheName } from "../services/Cache.js"

export const cacheHits = defineCounter(
  "cache_hits_total",
  "Cache lookups that found a usable value"
)

export const cacheMisses = defineCounter(
  "cache_misses_total",
  "Cache lookups that found nothing usable: absent, expired, undecodable, or a backend error"
)

export const cacheErrors = defineCounter(
  "cache_errors_total",
  "Cache backend operations that failed or timed out; each is also a miss or a lost write"
)

const countOne = (counter: Metric.Metric.Counter<number>, name: CacheName): Effect.Effect<void> =>
  countMetric(counter, { cache: name })

export const countHit = (name: CacheName) => countOne(cacheHits, name)
export const countMiss = (name: CacheName) => countOne(cacheMisses, name)
export const countError = (name: CacheName) => countOne(cacheErrors, name)
