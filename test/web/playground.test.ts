/**
 * The playground in a real browser: Debian's Chromium driven by
 * playwright-core, against the worker as a real process (HTTP_PORT=0) whose
 * OpenAI provider is the paced fake upstream. The page is opened, a sample
 * chosen, Recommend pressed; chunks must show up while the answer is still
 * being generated, then the final marker; the charts must carry the
 * analysis's numbers; a click on a link must be counted on /metrics. The
 * test leaves a screenshot in docs/playground.png (shown in the README).
 * Skipped, saying so, only where /usr/bin/chromium is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type BrowserContext, chromium } from "playwright-core"
import { parseSamples, sampleValue } from "../ops/support.js"
import { FakeOpenAi, type FakeOpenAiServer, startFakeOpenAi } from "../support/fakeOpenAi.js"
import { startWorkerProcess, type WorkerProcess } from "../support/process.js"

const chromiumPath = "/usr/bin/chromium"
const hasChromium = existsSync(chromiumPath)
if (!hasChromium) console.warn(`playground browser test skipped: ${chromiumPath} is not installed (.ci/run installs it)`)

const answerChunks = [
  "1. The TypeScript Handbook — https://www.typescriptlang.org/docs/handbook/intro.html\n",
  "   The official guide, ",
  "from basic types ",
  "to generics.\n",
  "2. MDN: Streams API — https://developer.mozilla.org/en-US/docs/Web/API/Streams_API\n",
  "   How readable streams ",
  "work in the browser.\n"
]

const waitFor = async <A>(read: () => A | undefined, timeoutMs = 30_000): Promise<A> => {
  const started = Date.now()
  for (;;) {
    const value = read()
    if (value !== undefined) return value
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting")
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe.skipIf(!hasChromium)("playground in Chromium", () => {
  let fake: FakeOpenAiServer
  let worker: WorkerProcess
  let httpPort: number
  let metricsPort: number
  const profiles: Array<string> = []

  beforeAll(async () => {
    fake = await startFakeOpenAi({ fallback: FakeOpenAi.text(answerChunks, { delayMs: 250 }) })
    worker = await startWorkerProcess({
      OPENAI_API_KEY: "sk-playground",
      OPENAI_BASE_URL: fake.baseURL,
      LLM_PROVIDERS: "openai",
      LOG_LEVEL: "info"
    })
    httpPort = await waitFor(() => worker.httpPort())
    metricsPort = await waitFor(() => {
      const match = /operations HTTP \([^)]*\) on [^:"]+:(\d+)/.exec(worker.stdout())
      return match?.[1] === undefined ? undefined : Number(match[1])
    })
  }, 60_000)

  afterAll(async () => {
    worker?.child.kill("SIGTERM")
    await worker?.exited
    await fake?.close()
    for (const dir of profiles) rmSync(dir, { recursive: true, force: true })
  })

  /** A fresh Chromium profile with the given browser language. */
  const openBrowser = (locale: string): Promise<BrowserContext> => {
    const profile = mkdtempSync(join(tmpdir(), "llm-worker-rec-chromium-"))
    profiles.push(profile)
    return chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      locale,
      viewport: { width: 1440, height: 960 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync"
      ]
    })
  }

  it("streams a recommendation, draws the analysis, and counts a click", async () => {
    const browser = await openBrowser("en-US")
    try {
      const page = browser.pages()[0] ?? (await browser.newPage())
      const offOrigin: Array<string> = []
      page.on("request", (request) => {
        if (!request.url().startsWith(`http://127.0.0.1:${httpPort}/`)) offOrigin.push(request.url())
      })
      await page.goto(`http://127.0.0.1:${httpPort}/`)
      expect(await page.locator("h1").textContent()).toBe("llm-worker-rec playground")

      await page.selectOption("#sample", "developer-en")
      // The choice is in the fragment, so the URL can be shared.
      expect(new URL(page.url()).hash).toBe("#sample=developer-en")
      const context = JSON.parse(await page.inputValue("#context")) as unknown

      await page.click("#recommend")
      // Text while the stream is open: the final marker is not there yet.
      await page.waitForSelector("#answer[data-chunks]:not([data-chunks='0'])")
      const early = {
        chunks: Number(await page.locator("#answer").getAttribute("data-chunks")),
        finalHidden: await page.locator("#final").isHidden()
      }
      expect(early.finalHidden).toBe(true)
      expect(early.chunks).toBeLessThan(answerChunks.length)

      await page.waitForSelector("#final:not([hidden])", { timeout: 30_000 })
      expect(await page.locator("#final").textContent()).toContain("추천 완료")
      expect(await page.locator("#answer").getAttribute("data-chunks")).toBe(String(answerChunks.length))
      expect(await page.locator("#answer").textContent()).toBe(answerChunks.join(""))

      // The charts carry the analysis's numbers.
      await page.waitForSelector("body[data-analysis='drawn']")
      const analysis = (await (await fetch(`http://127.0.0.1:${httpPort}/v1/analyze`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ browser_context: context })
      })).json()) as {
        topics: Array<{ term: string; weight: number }>
        interests: Array<{ name: string; score: number }>
        behaviorPattern: { label: string }
        contentPreferences: { primaryLanguage: string }
      }
      const bars = (selector: string) =>
        // Runs in the page (no DOM types here): each row's data and its bar's drawn width.
        page.$$eval(`${selector} .bar-row`, (rows: Array<any>) =>
          rows.map((row) => ({
            label: row.dataset.label as string,
            value: Number(row.dataset.value),
            width: row.querySelector(".bar").style.width as string
          })))
      const topics = await bars("#topics")
      expect(topics.length).toBeGreaterThan(0)
      expect(topics.map(({ label, value }) => ({ label, value }))).toEqual(
        analysis.topics.slice(0, 10).map((t) => ({ label: t.term, value: t.weight }))
      )
      for (const bar of topics) expect(Number.parseFloat(bar.width)).toBeCloseTo(bar.value * 100, 3)
      const interests = await bars("#interests")
      expect(interests.length).toBeGreaterThan(0)
      expect(interests.map(({ label, value }) => ({ label, value }))).toEqual(
        analysis.interests.slice(0, 8).map((i) => ({ label: i.name, value: i.score }))
      )
      expect(await page.locator("#behaviour").textContent()).toBe(analysis.behaviorPattern.label)
      expect(await page.locator("#language").textContent()).toBe(analysis.contentPreferences.primaryLanguage)

      await page.screenshot({ path: "docs/playground.png" })

      // A click on a recommended link is recorded through /v1/feedback and counted on /metrics.
      const scrape = async () => parseSamples(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text())
      const clicks = (samples: ReturnType<typeof parseSamples>) =>
        sampleValue(samples, "recommendation_feedback_total", { event: "click", provider: "openai", transport: "http" })
      const before = clicks(await scrape())
      const popup = browser.waitForEvent("page")
      await page.click("#answer a >> nth=0")
      await (await popup).close()
      await page.waitForSelector("#answer a[data-feedback='recorded']")
      expect(clicks(await scrape())).toBe(before + 1)

      // Nothing was fetched from anywhere but the worker (the popup's page is not this page).
      expect(offOrigin).toEqual([])
    } finally {
      await browser.close()
    }
  }, 120_000)

  it("speaks Korean to a Korean browser and streams over the WebSocket too", async () => {
    const browser = await openBrowser("ko-KR")
    try {
      const page = browser.pages()[0] ?? (await browser.newPage())
      await page.goto(`http://127.0.0.1:${httpPort}/#sample=cook-ko`)
      expect(await page.locator("h1").textContent()).toBe("llm-worker-rec 플레이그라운드")
      expect(await page.locator("#recommend").textContent()).toBe("추천")
      expect(await page.inputValue("#sample")).toBe("cook-ko")
      expect(await page.inputValue("#context")).toContain("김치찌개")
      await page.selectOption("#transport", "ws")
      for (let round = 1; round <= 2; round++) {
        // Two requests on the page's one socket.
        await page.click("#recommend")
        await page.waitForSelector("#final:not([hidden])", { timeout: 30_000 })
        expect(await page.locator("#answer").textContent()).toBe(answerChunks.join(""))
      }
    } finally {
      await browser.close()
    }
  }, 120_000)
})
