/**
 * npm run bench:pipeline: the per-call domain work of a Recommend call,
 * in-process, in µs per step: decode (request and browser context), analysis
 * (pure, then through the pipeline's cache with CACHE=off), sanitizing,
 * grounding (catalog candidates on the shipped catalog) and the prompt. On the
 * bench's request (bench/request.ts) and on a bigger one (200 sites, 60
 * queries, about 45 KB). Each step is timed alone on the same inputs, after a warm-up, as
 * CPU time of this process (process.cpuUsage), so a busy machine slows it
 * less than wall time would.
 *
 * The `reference (phase 1)` line is the total measured for the bench's request
 * before the domain work was reworked (issue #11): phase 2 aims at half.
 *
 *   npm run bench:pipeline            # about 1 s per step and request
 *   npm run bench:pipeline -- --quick # about 0.25 s per step
 */
import { Effect, Logger, LogLevel, Option } from "effect"
import { parseArgs } from "node:util"
import { analyzeBrowsingPattern, analyzeBrowsingPatternSync, readContext } from "../src/domain/analysis/index.js"
import { buildPrompt, toChatMessages } from "../src/domain/prompt.js"
import { parseRecommendRequest, type RecommendInput } from "../src/domain/request.js"
import { sanitizeForPrompt } from "../src/domain/sanitize.js"
import { CatalogLive } from "../src/layers/Catalog.js"
import { CacheOffLive } from "../src/layers/Cache.js"
import { cachedAnalysis } from "../src/pipeline/cachedAnalysis.js"
import { Cache } from "../src/services/Cache.js"
import { Catalog } from "../src/services/Catalog.js"
import type { RawRecommendRequest } from "../src/domain/request.js"
import { benchContext, benchRequest as benchGrpcRequest } from "./request.js"

const benchRequest: RawRecommendRequest = {
  user_id: benchGrpcRequest.user_id ?? "",
  browser_context: benchGrpcRequest.browser_context ?? "",
  content_type: benchGrpcRequest.content_type ?? "",
  content_period: benchGrpcRequest.content_period ?? ""
}

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } })
const secondsPerStep = values.quick ? 0.25 : 1

/**
 * Total of the five steps on the bench's request before phase 2 (µs): `npm run bench:pipeline` in the full
 * bench of 2026-12-01T23:25Z, 2-core Xeon at load average 3-5 (decode 83, analysis 310, sanitize 339,
 * grounding 317, prompt 196). A run at load 13 gave 2377: compare with a run of the old code on the
 * same machine when the load differs much. Phase 2 (the domain branch), full runs back to back at load
 * average ~3.5 on 2026-12-02T01:49Z: 421.1 µs against 814.8 µs for the code before it (ad01342).
 */
const referenceTotalUs = 1244.4 as number | undefined

const cacheOff = Effect.runSync(Effect.provide(Cache, CacheOffLive))
const catalog = await Effect.runPromise(Effect.provide(Catalog, CatalogLive).pipe(Logger.withMinimumLogLevel(LogLevel.None)))
const pseudonymKey = Option.some("bench-pseudonym-key-0123456789abcdef")
const now = Date.UTC(2026, 10, 8)

/**
 * Runs before a step is timed: V8 optimizes a function after enough calls, not after enough time, and the
 * analysis (dozens of functions) takes about a thousand calls to settle. With a time-only warm-up of 50 ms the
 * quick run timed the analysis mostly unoptimized (4 to 8 times its settled cost).
 */
const warmUpCalls = 1_000

/** CPU µs per run of `fn`, after a warm-up of a fifth of the time and at least `warmUpCalls` calls (at most 5 s). */
const timeStep = (fn: () => unknown): number => {
  const warmUntil = performance.now() + secondsPerStep * 200
  const giveUpAt = performance.now() + 5_000
  for (let calls = 0; (calls < warmUpCalls || performance.now() < warmUntil) && performance.now() < giveUpAt; calls++) fn()
  let count = 0
  const cpu = process.cpuUsage()
  const end = performance.now() + secondsPerStep * 1_000
  while (performance.now() < end) {
    for (let i = 0; i < 10; i++) fn()
    count += 10
  }
  const used = process.cpuUsage(cpu)
  return (used.user + used.system) / count
}

const bigRequest = (): RawRecommendRequest => {
  const hosts = ["github.com", "stackoverflow.com", "developer.mozilla.org", "velog.io", "news.ycombinator.com", "youtube.com"]
  const context = {
    visited_sites: Array.from({ length: 200 }, (_, i) => ({
      url: `https://${hosts[i % hosts.length]}/topic/${i % 40}/page-${i}?ref=feed&id=${i}`,
      title: `${benchContext.visited_sites[i % 30]!.title} ${i % 40} — notes on streams, generics and flow control`,
      visited_at: new Date(Date.UTC(2026, 10, 1 + (i % 7), i % 24)).toISOString(),
      duration_s: 10 + ((i * 37) % 600)
    })),
    search_queries: Array.from({ length: 60 }, (_, i) => `${benchContext.search_queries[i % 4]} ${i % 12}`),
    time_spent: Object.fromEntries(hosts.map((h, i) => [h, 300 * (i + 1)]))
  }
  return { ...benchRequest, browser_context: JSON.stringify(context) }
}

const measure = (name: string, raw: RawRecommendRequest) => {
  const input: RecommendInput = Effect.runSync(parseRecommendRequest(raw))
  const analysis = Effect.runSync(analyzeBrowsingPattern(input.context, input.userId))
  const view = sanitizeForPrompt(input.context, input.userId, pseudonymKey)
  const ground = () =>
    catalog.candidates({
      analysis,
      contentType: input.contentType,
      period: input.period,
      now,
      exclude: input.context.visited_sites.map((s) => s.url),
      limit: 8
    })
  const candidates = ground()
  const llmRequest = { analysis, view, contentType: input.contentType, period: input.period, candidates, deadline: Option.none() }
  const steps: ReadonlyArray<readonly [string, () => unknown]> = [
    ["decode", () => Effect.runSync(parseRecommendRequest(raw))],
    ["analysis", () => Effect.runSync(analyzeBrowsingPattern(input.context, input.userId))],
    ["sanitize", () => sanitizeForPrompt(input.context, input.userId, pseudonymKey)],
    ["grounding", ground],
    ["prompt", () => toChatMessages(buildPrompt(llmRequest))]
  ]
  const results = steps.map(([step, fn]) => [step, timeStep(fn)] as const)
  const total = results.reduce((sum, [, us]) => sum + us, 0)
  // The analysis as the pipeline runs it with CACHE=off (key, spans, the cache's bookkeeping): not in the total.
  // The cache service is made once, as in the worker (a layer built per run would time the layer).
  const viaCache = timeStep(() => Effect.runSync(Effect.provideService(cachedAnalysis(input.context, input.userId), Cache, cacheOff)))
  // The five steps of one call in sequence, plain functions, the analysis and the sanitizer each reading the
  // context, then sharing one reading (readContext): what a call costs when the pipeline wires it so. Not in the total.
  const oneCall = (share: boolean) => () => {
    const call = Effect.runSync(parseRecommendRequest(raw))
    const reading = share ? readContext(call.context, call.userId) : undefined
    const callAnalysis = analyzeBrowsingPatternSync(call.context, call.userId, reading)
    const callView = sanitizeForPrompt(call.context, call.userId, pseudonymKey, reading)
    const callCandidates = catalog.candidates({
      analysis: callAnalysis,
      contentType: call.contentType,
      period: call.period,
      now,
      exclude: call.context.visited_sites.map((s) => s.url),
      limit: 8
    })
    return toChatMessages(buildPrompt({
      analysis: callAnalysis,
      view: callView,
      contentType: call.contentType,
      period: call.period,
      candidates: callCandidates,
      deadline: Option.none()
    }))
  }
  const sequence = timeStep(oneCall(false))
  const shared = timeStep(oneCall(true))
  return { name, results, total, viaCache, sequence, shared }
}

console.log(`node ${process.version}, CPU µs per step (process.cpuUsage), ${secondsPerStep} s per step`)
for (const [name, raw] of [["bench request (30 sites, 4 queries)", benchRequest], ["big request (200 sites, 60 queries)", bigRequest()]] as const) {
  const { results, sequence, shared, total, viaCache } = measure(name, raw)
  console.log(`${name}:`)
  for (const [step, us] of results) console.log(`  ${step.padEnd(10)} ${us.toFixed(1).padStart(8)} µs`)
  console.log(`  ${"(analysis through the pipeline's cache, CACHE=off)".padEnd(10)} ${viaCache.toFixed(1)} µs`)
  console.log(`  (one call, the five steps in sequence) ${sequence.toFixed(1)} µs; with one reading for analysis and sanitizer ${shared.toFixed(1)} µs`)
  if (name.startsWith("bench")) {
    // The line the bench's verdict reads: the bench request's total.
    console.log(`total: ${total.toFixed(1)} µs`)
    if (referenceTotalUs !== undefined) console.log(`reference (phase 1): ${referenceTotalUs.toFixed(1)} µs`)
  } else {
    console.log(`  total    ${total.toFixed(1).padStart(8)} µs`)
  }
}
