/**
 * Query time of the embedded recommender on a 10,000-item catalog: the
 * shipped items (and the test fixture) expanded deterministically with varied
 * tags, queried by a few thousand varied analyses. `npm run bench:catalog`
 */
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { cpus, loadavg } from "node:os"
import { performance } from "node:perf_hooks"
import { Either } from "effect"
import type { Analysis, ContentFormat } from "../src/domain/analysis/types.js"
import { contentFormats } from "../src/domain/analysis/types.js"
import { buildIndex } from "../src/domain/catalog/index.js"
import type { CatalogItem } from "../src/domain/catalog/item.js"
import { parseCatalog } from "../src/domain/catalog/parse.js"
import type { RecommendQuery } from "../src/domain/catalog/query.js"
import { rank } from "../src/domain/catalog/rank.js"
import { contentPeriods, knownContentTypes } from "../src/domain/request.js"
import { taxonomyIndexOptions } from "../src/layers/Catalog.js"

const catalogSize = Number(process.env["BENCH_ITEMS"] ?? 10_000)
const queryCount = Number(process.env["BENCH_QUERIES"] ?? 5_000)
const warmup = 500

// mulberry32: a seeded generator, so every run measures the same work.
const random = (() => {
  let seed = 0x5eed
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
})()
const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(random() * xs.length)]!
const some = <A>(xs: ReadonlyArray<A>, max: number): Array<A> => Array.from({ length: Math.floor(random() * (max + 1)) }, () => pick(xs))

const load = (path: string): ReadonlyArray<CatalogItem> =>
  existsSync(path) ? Either.getOrThrow(parseCatalog(readFileSync(path, "utf8"))) : []
const seedItems = [
  ...load(fileURLToPath(new URL("../catalog/default.jsonl", import.meta.url))),
  ...load(fileURLToPath(new URL("../test/catalog/fixtures/catalog.jsonl", import.meta.url)))
]
const vocabulary = [...new Set(seedItems.flatMap((item) => [...item.tags, ...item.title.split(/\s+/)]))]
const categories = [...new Set(seedItems.flatMap((item) => item.categories))]
const day = 86_400_000
const now = Date.parse("2025-06-01T00:00:00Z")

const expand = (count: number): Array<CatalogItem> =>
  Array.from({ length: count }, (_, i) => {
    const base = seedItems[i % seedItems.length]!
    const variant = Math.floor(i / seedItems.length)
    if (variant === 0) return base
    const extraTags = some(vocabulary, 4)
    return {
      ...base,
      id: `${base.id}~${variant}`,
      url: `${base.url.replace(/\/$/, "")}/bench-${variant}`,
      title: `${base.title} ${pick(vocabulary)}`,
      description: `${base.description} ${some(vocabulary, 6).join(" ")}`,
      categories: random() < 0.3 ? [...base.categories, pick(categories)] : base.categories,
      tags: [...base.tags, ...extraTags],
      ...(random() < 0.2 ? { published: new Date(now - Math.floor(random() * 730) * day).toISOString().slice(0, 10) } : {})
    }
  })

const analysisOf = (): Analysis => {
  const topics = some(vocabulary, 10)
  const language = pick(["en", "en", "ko", "ko", "ja"])
  return {
    topics: topics.map((term, i) => ({ term: term.toLowerCase(), weight: 1 - i / 12, sources: ["title"] })),
    interests: some(categories, 5).map((id) => ({ id, name: id, path: [], score: random() })),
    behaviorPattern: {
      visits: 10, searches: 2, sessions: 1, averageSessionDepth: 10, totalDwellSeconds: 600, medianDwellSeconds: 30,
      focus: 0.5, searchToVisitRatio: 0.2, timeOfDay: undefined, label: "researcher"
    },
    contentPreferences: {
      formats: some(contentFormats, 3).map((format: ContentFormat) => ({ format, score: random() })),
      languages: [{ language, share: 0.8 }, { language: "en", share: 0.2 }],
      primaryLanguage: language,
      technicalDepth: pick(["none", "beginner", "intermediate", "advanced"] as const)
    }
  }
}

const buildStart = performance.now()
const items = expand(catalogSize)
const index = buildIndex(items, taxonomyIndexOptions)
const buildMs = performance.now() - buildStart

const queries: Array<RecommendQuery> = Array.from({ length: queryCount + warmup }, () => ({
  analysis: analysisOf(),
  contentType: random() < 0.8
    ? { _tag: "Known", value: pick(knownContentTypes) }
    : { _tag: "FreeText", value: some(vocabulary, 3).join(" ") },
  period: pick(contentPeriods),
  now,
  exclude: some(items, 20).map((item) => item.url),
  k: 5
}))

let emitted = 0
const times: Array<number> = []
// CPU time of this process too: on a shared machine the wall-clock tail is
// mostly waiting for a core; CPU time is what a query itself costs.
const cpuTimes: Array<number> = []
queries.forEach((query, i) => {
  const cpuStart = process.cpuUsage()
  const start = performance.now()
  emitted += rank(index, query).length
  const elapsed = performance.now() - start
  const cpu = process.cpuUsage(cpuStart)
  if (i >= warmup) {
    times.push(elapsed)
    cpuTimes.push((cpu.user + cpu.system) / 1000)
  }
})
times.sort((a, b) => a - b)
cpuTimes.sort((a, b) => a - b)
const percentile = (xs: ReadonlyArray<number>, q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!.toFixed(3)
const at = (q: number) => percentile(times, q)
const mean = (times.reduce((a, t) => a + t, 0) / times.length).toFixed(3)

console.log(`catalog: ${items.length} items (${seedItems.length} seed items expanded), index built in ${buildMs.toFixed(0)} ms`)
console.log(`queries: ${times.length} (after ${warmup} warm-up), ${(emitted / queries.length).toFixed(2)} items per answer`)
console.log(`per query: p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms, mean ${mean} ms, max ${times[times.length - 1]!.toFixed(3)} ms`)
// Other work on the machine shows up in the tail first: say how busy it was.
console.log(`CPU time per query: p50 ${percentile(cpuTimes, 0.5)} ms, p90 ${percentile(cpuTimes, 0.9)} ms, p99 ${percentile(cpuTimes, 0.99)} ms`)
console.log(`node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`)
