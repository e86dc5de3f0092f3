/**
 * Three worker processes sharing one real redis-server, behind the client a
 * fleet's callers use (round robin over an `ipv4:` list, a retry policy):
 * calls spread, the analysis cache is shared, a refused call is retried on
 * another replica, and a replica that gets SIGTERM mid-run drains without a
 * failed call. Everything is checked through each replica's /metrics.
 *
 * The replicas start once for the file; the drain, which stops one, runs last.
 * The feedback store is checked over the same fleet; the shared rate limits
 * in test/ops/sharedFeedback.test.ts.
 */
import * as grpc from "@grpc/grpc-js"
import { Effect, Exit, Scope } from "effect"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { service as healthService } from "grpc-health-check"
import type { RecommendRequest } from "../../src/grpc/generated/recommendation/RecommendRequest.js"
import type { RecommendationServiceClient } from "../../src/grpc/generated/recommendation/RecommendationService.js"
import { findRedisServer, startRedisServer } from "../cache/redisServer.js"
import { defaultOptions, examplesPath, runMerge, runReplay, tempDirectory } from "../replay/support.js"
import { sampleValue } from "../ops/support.js"
import { FakeOpenAi, type FakeOpenAiServer, startFakeOpenAi } from "../support/fakeOpenAi.js"
import { collect, developerContext } from "../support/grpc.js"
import {
  directClient,
  eventually,
  fleetClient,
  fleetEnv,
  readyz,
  type Replica,
  scrape,
  startRefusingPeer,
  startReplica,
  waitForReady
} from "./support.js"

const redisBinary = findRedisServer()

const request = (n: number, extra: Record<string, unknown> = {}): RecommendRequest => ({
  user_id: `fleet-user-${n}`,
  // A different context per call: each is analysed (and cached) on its own.
  browser_context: JSON.stringify({ ...developerContext, search_queries: [`query ${n}`], ...extra }),
  content_type: "technical",
  content_period: "any"
})

const handledOk = async (replica: Replica) =>
  sampleValue(await scrape(replica), "grpc_server_handled_total", { grpc_method: "Recommend", grpc_code: "OK" })

const analysisCache = async (replica: Replica) => {
  const samples = await scrape(replica)
  return {
    hits: sampleValue(samples, "cache_hits_total", { cache: "analysis" }),
    misses: sampleValue(samples, "cache_misses_total", { cache: "analysis" })
  }
}

const answerText = (messages: ReadonlyArray<{ is_final: string; content: string }>) =>
  messages.filter((m) => m.is_final === "false").map((m) => m.content).join("")

describe.skipIf(redisBinary === undefined)("a fleet of three replicas sharing Redis", () => {
  const scope = Effect.runSync(Scope.make())
  const clients: Array<grpc.Client> = []
  let fake: FakeOpenAiServer
  let replicas: ReadonlyArray<Replica> = []
  let fleet: RecommendationServiceClient

  const track = <C extends grpc.Client>(client: C): C => {
    clients.push(client)
    return client
  }

  beforeAll(async () => {
    const redis = await Effect.runPromise(Scope.extend(startRedisServer(redisBinary ?? ""), scope))
    fake = await startFakeOpenAi()
    fake.setFallback(FakeOpenAi.text(["1. A pick", " for you\n"]))
    const env = fleetEnv(fake.baseURL, redis.url)
    replicas = await Promise.all([0, 1, 2].map(() => startReplica(env)))
    fleet = track(fleetClient(replicas.map((r) => r.address)))
    await waitForReady(fleet)
  }, 120_000)

  afterAll(async () => {
    for (const client of clients) client.close()
    for (const replica of replicas) if (replica.process.child.exitCode === null) replica.process.child.kill("SIGKILL")
    await Promise.all(replicas.map((r) => r.process.exited))
    await fake?.close()
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }, 60_000)

  it("spreads calls over all three replicas, per call", async () => {
    const before = await Promise.all(replicas.map(handledOk))
    const calls = 12
    for (let n = 0; n < calls; n++) {
      const result = await collect(fleet.Recommend(request(n)))
      expect(result.status.code).toBe(grpc.status.OK)
    }
    const served = (await Promise.all(replicas.map(handledOk))).map((after, i) => after - (before[i] ?? 0))
    expect(served.reduce((a, b) => a + b, 0)).toBe(calls)
    // Round robin over one long-lived channel: every replica gets its share, none is idle.
    for (const count of served) expect(count).toBeGreaterThanOrEqual(2)
  })

  it("shares the analysis cache: a context analysed on one replica is a cache hit on another", async () => {
    const [a, b] = replicas
    if (a === undefined || b === undefined) throw new Error("no replicas")
    const shared = request(1000, { time_spent: { "github.com": 4242 } })
    const onA = track(directClient(a))
    const onB = track(directClient(b))
    const aBefore = await analysisCache(a)
    expect((await collect(onA.Recommend(shared))).status.code).toBe(grpc.status.OK)
    const aAfter = await analysisCache(a)
    expect(aAfter.misses - aBefore.misses).toBe(1)
    expect(aAfter.hits - aBefore.hits).toBe(0)

    const bBefore = await analysisCache(b)
    expect((await collect(onB.Recommend(shared))).status.code).toBe(grpc.status.OK)
    const bAfter = await analysisCache(b)
    expect(bAfter.hits - bBefore.hits).toBe(1)
    expect(bAfter.misses - bBefore.misses).toBe(0)
  })

  it("retries a call refused with UNAVAILABLE before its first message on another replica; without the policy it fails", async () => {
    const refuser = await startRefusingPeer()
    const addresses = [refuser.address, ...replicas.map((r) => r.address)]
    const withRetry = track(fleetClient(addresses))
    const withoutRetry = track(fleetClient(addresses, { retry: false }))
    try {
      await Promise.all([waitForReady(withRetry), waitForReady(withoutRetry)])
      const calls = 8
      const retried = await Promise.all(
        Array.from({ length: calls }, (_, n) => collect(withRetry.Recommend(request(2000 + n))))
      )
      expect(retried.map((r) => r.status.code)).toEqual(Array.from({ length: calls }, () => grpc.status.OK))
      // Round robin did send calls to the refusing peer: the policy is what saved them.
      const refusedWithRetry = refuser.refused()
      expect(refusedWithRetry).toBeGreaterThan(0)

      const plain = await Promise.all(
        Array.from({ length: calls }, (_, n) => collect(withoutRetry.Recommend(request(3000 + n))))
      )
      const failed = plain.filter((r) => r.status.code === grpc.status.UNAVAILABLE)
      expect(failed.length).toBeGreaterThan(0)
      expect(failed.length).toBe(refuser.refused() - refusedWithRetry)
    } finally {
      withRetry.close()
      withoutRetry.close()
      await refuser.close()
    }
  })

  it("a sharded replay against the fleet: every call is served by the fleet, the merge is the whole file", async () => {
    const before = await Promise.all(replicas.map(handledOk))
    const target = `ipv4:${replicas.map((r) => r.address).join(",")}`
    const merged = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const dir = yield* tempDirectory
      const outputs = [0, 1, 2].map((i) => join(dir, `out-${i}.jsonl`))
      for (const [index, output] of outputs.entries()) {
        yield* runReplay({ ...defaultOptions(examplesPath), target, output, shard: { index, count: 3 } })
      }
      return yield* runMerge({ outputs, output: join(dir, "all.jsonl") })
    })))
    expect(merged.summary).toMatchObject({ count: 11, ok: 9, errors: { INVALID_ARGUMENT: 2 } })
    const served = (await Promise.all(replicas.map(handledOk))).map((after, i) => after - (before[i] ?? 0))
    // How a shard's few calls spread depends on which replicas its fresh channel reached first
    // (round robin starts on the ready ones); spreading is the first test's verdict.
    expect(served.reduce((a, b) => a + b, 0)).toBe(9)
  })

  it("shares the feedback store: a recommendation served by one replica is attributed when feedback reaches another", async () => {
    const [a, , c] = replicas
    if (a === undefined || c === undefined) throw new Error("no replicas")
    const served = await collect(track(directClient(a)).Recommend(request(4000)))
    expect(served.status.code).toBe(grpc.status.OK)
    const recommendationId = served.messages[0]?.recommendation_id ?? ""
    const clicks = async () =>
      sampleValue(await scrape(c), "recommendation_feedback_total", {
        event: "click",
        provider: "openai",
        content_type: "technical"
      })
    const before = await clicks()
    const onC = track(directClient(c))
    const known = await new Promise<boolean>((resolve, reject) =>
      onC.RecordFeedback({ recommendation_id: recommendationId, event: "click" }, (error, response) =>
        error ? reject(error) : resolve(response?.known_recommendation ?? false))
    )
    expect(known).toBe(true)
    expect((await clicks()) - before).toBe(1)
  })
  // The rate limits shared through the same Redis script are checked across two
  // processes in test/ops/sharedFeedback.test.ts (a fleet-wide limit needs a
  // budget this file's other calls would spend).

  it("drains a replica on SIGTERM: its streams finish, it reports NOT_SERVING, new calls go to the others, none fails", async () => {
    // Six long answers (three seconds), so that streams are in flight on every replica when
    // the signal comes and the drain lasts while the late calls (quick answers) are made.
    const chunks = Array.from({ length: 30 }, (_, i) => `part ${i}; `)
    fake.script(...Array.from({ length: 6 }, () => FakeOpenAi.text(chunks, { delayMs: 100 })))
    const othersBeforeAll = await Promise.all(replicas.map(handledOk))
    const streams = Array.from({ length: 6 }, (_, n) => fleet.Recommend(request(4000 + n)))
    const results = streams.map(collect)
    await Promise.all(streams.map((s) => new Promise((resolve) => s.once("data", resolve))))
    // Which replica each stream runs on, from the client's side.
    const peers = streams.map((s) => s.getPeer())
    const victim = replicas.find((r) => peers.includes(r.address))
    if (victim === undefined) throw new Error(`no stream on a replica: ${peers.join(", ")}`)
    const others = replicas.filter((r) => r !== victim)
    const onVictim = peers.filter((p) => p === victim.address).length

    // The replica's health as a watcher (a load balancer, a mesh) sees it: SERVING, then NOT_SERVING.
    const Health = grpc.makeClientConstructor(healthService, "grpc.health.v1.Health")
    const health = track(new Health(victim.address, grpc.credentials.createInsecure()))
    const statuses: Array<string> = []
    const watch = (health as unknown as {
      watch: (r: { service: string }) => grpc.ClientReadableStream<{ status: string }>
    }).watch({ service: "recommendation.RecommendationService" })
    watch.on("data", (m: { status: string }) => statuses.push(m.status))
    watch.on("error", () => {})
    await eventually(async () => statuses.includes("SERVING"), "the health watch to say SERVING")

    const othersBefore = others.map((r) => othersBeforeAll[replicas.indexOf(r)] ?? 0)
    victim.process.child.kill("SIGTERM")
    await eventually(async () => statuses.includes("NOT_SERVING"), "the victim to report NOT_SERVING")
    expect(await readyz(victim)).toBe(503)

    // While it drains, new calls through the same client: all answered, by the others.
    const late = Array.from({ length: 6 }, (_, n) => fleet.Recommend(request(5000 + n)))
    const lateResults = await Promise.all(late.map(collect))
    expect(lateResults.map((r) => r.status.code)).toEqual(late.map(() => grpc.status.OK))
    expect(late.map((s) => s.getPeer()).filter((p) => p === victim.address)).toEqual([])

    // The streams in flight at the signal, on the victim as on the others, finish whole.
    const inFlight = await Promise.all(results)
    for (const result of inFlight) {
      expect(result.status.code).toBe(grpc.status.OK)
      expect(answerText(result.messages)).toBe(chunks.join(""))
      expect(result.messages.at(-1)).toMatchObject({ is_final: "true" })
    }
    expect(await victim.process.exited).toBe(0)
    expect(statuses.at(-1)).toBe("NOT_SERVING")

    // The others' /metrics: their own streams from before, and every late call.
    const othersAfter = await Promise.all(others.map(handledOk))
    const servedByOthers = othersAfter.reduce((sum, n, i) => sum + n - (othersBefore[i] ?? 0), 0)
    expect(servedByOthers).toBe(streams.length - onVictim + late.length)
  }, 120_000)
})
