/**
 * The cache's counters, as Effect metrics, defined in one place so the
 * /metrics exporter finds them with clear names. Each is counted with a
 * `cache` label: "analysis" or "response".
 */
import { type Effect, Metric } from "effect"
import type { CacheName } from "../services/Cache.js"

export const cacheHits = Metric.counter("cache_hits_total", {
  description: "Cache lookups that found a usable value",
  incremental: true
})

export const cacheMisses = Metric.counter("cache_misses_total", {
  description: "Cache lookups that found nothing usable: absent, expired, undecodable, or a backend error",
  incremental: true
})

export const cacheErrors = Metric.counter("cache_errors_total", {
  description: "Cache backend operations that failed or timed out; each is also a miss or a lost write",
  incremental: true
})

const countOne = (counter: Metric.Metric.Counter<number>, name: CacheName): Effect.Effect<void> =>
  Metric.increment(Metric.tagged(counter, "cache", name))

export const countHit = (name: CacheName) => countOne(cacheHits, name)
export const countMiss = (name: CacheName) => countOne(cacheMisses, name)
export const countError = (name: CacheName) => countOne(cacheErrors, name)
