/**
 * npm run bench:analysis: browser contexts analysed per second on one core,
 * for a realistic 30-site context and a 300-site one, generated
 * deterministically (a fixed-seed generator, no Math.random). Warm-up, then a
 * timed loop. A benchmark, not a test: nothing fails on a slow machine.
 */
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { cpus } from "node:os"
import { analyzeBrowsingPattern } from "../src/domain/analysis/index.js"
import type { BrowserContext, VisitedSite } from "../src/domain/context.js"

/** mulberry32: a tiny seeded generator, so every run analyses the same contexts. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
}

const pages: ReadonlyArray<readonly [string, string]> = [
  ["https://github.com/Effect-TS/effect/blob/main/packages/effect/src/Stream.ts", "effect/packages/effect/src/Stream.ts at main · Effect-TS/effect · GitHub"],
  ["https://stackoverflow.com/questions/69287542/node-stream-backpressure-drain-event", "node.js - Handling backpressure with the drain event - Stack Overflow"],
  ["https://developer.mozilla.org/en-US/docs/Web/API/AbortController", "AbortController - Web APIs | MDN"],
  ["https://velog.io/@devkim/grpc-streaming-nodejs", "Node.js에서 gRPC 서버 스트리밍 구현하기 - velog"],
  ["https://blog.naver.com/yummy_home/223381234567", "자취생 일주일 반찬 만들기 (밑반찬 5가지) : 네이버 블로그"],
  ["https://www.10000recipe.com/recipe/6903394", "백종원 김치찌개 황금레시피 돼지고기 김치찌개 만드는 법 - 만개의레시피"],
  ["https://www.youtube.com/watch?v=qWbHSOplcvY", "[백종원의 요리비책] 제육볶음 이렇게 만드세요 - YouTube"],
  ["https://n.news.naver.com/article/001/0015234567", "한은, 기준금리 2.75%로 인하…경기 둔화 우려 반영 : 네이버 뉴스"],
  ["https://www.bbc.com/news/world-europe-68123456", "Ukraine war: Ceasefire talks resume in Geneva - BBC News"],
  ["https://www.inflearn.com/course/kubernetes-basics", "쿠버네티스 입문 - 인프런 | 강의"],
  ["https://www.coupang.com/vp/products/7345678901?itemId=18823456", "로지텍 MX Keys 무선 키보드 - 키보드 | 쿠팡"],
  ["https://www.runnersworld.com/training/a20812270/marathon-training-plan/", "Marathon Training Plan for Beginners | Runner's World"],
  ["https://www.booking.com/hotel/jp/shinjuku-granbell.ko.html", "신주쿠 그랜벨 호텔, 도쿄 – 최신 가격 | Booking.com"],
  ["https://docs.docker.com/compose/", "Docker Compose | Docker Docs"],
  ["https://www.nytimes.com/2025/03/20/us/politics/tariffs-congress-vote.html", "Congress Moves to Limit Tariff Powers Ahead of Vote - The New York Times"]
]

const queries = [
  "effect-ts stream error handling", "김치찌개 황금레시피", "grpc-js server streaming backpressure", "도쿄 여행 코스 3박4일",
  "기준금리 인하 영향", "marathon training plan beginner", "쿠버네티스 입문", "redis streams consumer group"
]

const makeContext = (sites: number, seed: number): BrowserContext => {
  const random = seeded(seed)
  const start = Date.UTC(2025, 2, 10)
  const visited_sites: Array<VisitedSite> = Array.from({ length: sites }, (_, i) => {
    const [url, title] = pages[Math.floor(random() * pages.length)] as readonly [string, string]
    return { url: `${url}${i % 3 === 0 ? "" : `#${i}`}`, title, visited_at: start + Math.floor(random() * 7 * 86_400_000), duration_s: Math.floor(random() * 900) }
  })
  return {
    visited_sites,
    search_queries: Array.from({ length: Math.max(3, Math.round(sites / 4)) }, () => queries[Math.floor(random() * queries.length)] as string),
    time_spent: { "github.com": 2_100, "youtube.com": 1_500, "10000recipe.com": 900 }
  }
}

/**
 * Analyses per second of wall time and per second of this process's CPU time.
 * They agree on an idle machine; on a shared one the CPU figure is the one
 * that says what one core can do.
 */
const perSecond = (context: BrowserContext, seconds: number) => {
  const run = () => Effect.runSync(analyzeBrowsingPattern(context, "bench-user-42"))
  const warmUntil = performance.now() + 1_000
  while (performance.now() < warmUntil) run()
  let count = 0
  const cpuStart = process.cpuUsage()
  const start = performance.now()
  const end = start + seconds * 1_000
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) run()
    count += 50
  }
  const wallSeconds = (performance.now() - start) / 1_000
  const cpu = process.cpuUsage(cpuStart)
  return { wall: count / wallSeconds, cpu: count / ((cpu.user + cpu.system) / 1_000_000) }
}

const format = (rate: number) => `${Math.round(rate).toLocaleString("en-US")}/s (${(1_000_000 / rate).toFixed(0)} µs each)`

/** The developer's week of the tests: 30 distinct URLs, so nothing is read twice. */
const developerWeek = (): BrowserContext => {
  const raw = JSON.parse(readFileSync(new URL("../test/fixtures/contexts/developer-week.json", import.meta.url), "utf8"))
  for (const site of raw.visited_sites) site.visited_at = Date.parse(site.visited_at)
  return raw as BrowserContext
}

const seconds = Number(process.env["BENCH_SECONDS"] ?? "5")
console.log(`node ${process.version} on ${cpus()[0]?.model ?? "unknown CPU"} (${process.platform}/${process.arch}), one core, ${seconds} s per case`)
const cases: ReadonlyArray<readonly [string, BrowserContext]> = [
  ["30-site context", makeContext(30, 30)],
  ["300-site context", makeContext(300, 300)],
  ["developer-week fixture (30 distinct URLs)", developerWeek()]
]
for (const [name, context] of cases) {
  const { cpu, wall } = perSecond(context, seconds)
  console.log(`${name}: ${format(cpu)} per CPU second, ${format(wall)} wall clock`)
}
