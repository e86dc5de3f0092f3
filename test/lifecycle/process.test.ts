/** The worker as a process: signals, the drain, and start-up failures. */
import * as grpc from "@grpc/grpc-js"
import { afterEach, describe, expect, it } from "vitest"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { recommendationProto } from "../../src/grpc/proto.js"
import { FakeOpenAi, type FakeOpenAiServer, startFakeOpenAi } from "../support/fakeOpenAi.js"
import { collect, validRequest } from "../support/grpc.js"
import { failedStart, startWorkerProcess, type WorkerProcess } from "../support/process.js"

const cleanups: Array<() => Promise<unknown> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const withFake = async () => {
  const fake = await startFakeOpenAi()
  cleanups.push(() => fake.close())
  return fake
}

const withWorker = async (fake: FakeOpenAiServer, env: Record<string, string> = {}) => {
  const worker = await startWorkerProcess({
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: "sk-test",
    LLM_PROVIDERS: "openai",
    ...env
  })
  cleanups.push(() => {
    if (worker.child.exitCode === null) worker.child.kill("SIGKILL")
  })
  return worker
}

const clientOf = (worker: WorkerProcess) => {
  const client = new recommendationProto.RecommendationService(`127.0.0.1:${worker.port}`, grpc.credentials.createInsecure())
  cleanups.push(() => client.close())
  return client
}

describe("the worker process", () => {
  it("lets a stream in flight at SIGTERM finish with its final message, refuses new calls, and exits 0", async () => {
    const fake = await withFake()
    const chunks = Array.from({ length: 10 }, (_, i) => `part ${i}; `)
    fake.setFallback(FakeOpenAi.text(chunks, { delayMs: 60 }))
    const worker = await withWorker(fake, { SHUTDOWN_GRACE_MS: "10000" })
    const client = clientOf(worker)

    const stream = client.Recommend(validRequest)
    const result = collect(stream)
    await new Promise((resolve) => stream.once("data", resolve))
    worker.child.kill("SIGTERM")
    const { messages, status } = await result

    expect(status.code).toBe(grpc.status.OK)
    expect(messages.filter((m) => m.is_final === "false").map((m) => m.content).join("")).toBe(chunks.join(""))
    expect(messages.at(-1)).toMatchObject({ content: "추천 완료", is_final: "true" })
    const late = await collect(clientOf(worker).Recommend(validRequest, { deadline: Date.now() + 2_000 }))
    expect(late.status.code).not.toBe(grpc.status.OK)
    expect(await worker.exited).toBe(0)
  })

  it("cancels what is left when the grace period is over, and still exits 0", async () => {
    const fake = await withFake()
    fake.setFallback(FakeOpenAi.stallAfter(["started "]))
    const worker = await withWorker(fake, { SHUTDOWN_GRACE_MS: "300", LLM_IDLE_TIMEOUT_MS: "60000" })
    const stream = clientOf(worker).Recommend(validRequest)
    const result = collect(stream)
    await new Promise((resolve) => stream.once("data", resolve))
    worker.child.kill("SIGTERM")
    const { messages, status } = await result
    expect(status.code).not.toBe(grpc.status.OK)
    expect(messages.some((m) => m.is_final === "true")).toBe(false)
    expect(await worker.exited).toBe(0)
    // The upstream request was aborted, not left running.
    await fake.waitForClientClose(0, 2_000)
  })

  it("refuses to start on invalid configuration, with one line naming the variable", async () => {
    const { code, stderr } = await failedStart({ GRPC_PORT: "not-a-port" })
    expect(code).toBe(1)
    expect(stderr.trim().split("\n")).toHaveLength(1)
    expect(stderr).toMatch(/invalid configuration: .*GRPC_PORT/)
  })

  it("refuses to start on a catalog with a bad line, naming the line and the field", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "catalog-")), "bad.jsonl")
    writeFileSync(path, [
      JSON.stringify({ id: "a", url: "https://example.com/a", title: "A", description: "", language: "en", format: "article", categories: ["596"], tags: [] }),
      JSON.stringify({ id: "b", url: "https://example.com/b", title: "B", description: "", language: "en", format: "podcast-ish", categories: ["596"], tags: [] })
    ].join("\n"))
    const { code, stderr } = await failedStart({ CATALOG_PATH: path })
    expect(code).toBe(1)
    expect(stderr).toMatch(/line 2: format/)
  })
})
