import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Context, Effect, Layer, Logger, LogLevel } from "effect"
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { pipelineLayer } from "../../src/app.js"
import { GrpcServer, GrpcServerLive } from "../../src/grpc/server.js"
import { LlmLive } from "../../src/layers/LlmChain.js"
import { OpsTest } from "../layers/OpsTest.js"
import { FakeOpenAi, startFakeOpenAi } from "../support/fakeOpenAi.js"
import { defaultOptions, examplesPath, runReplay, tempDirectory, withoutTimings, writeInput } from "./support.js"

/** The embedded recommender only: deterministic and offline. */
const catalogEnv = { LLM_PROVIDERS: "catalog" }

const exampleLines = readFileSync(examplesPath, "utf8").split("\n").filter((l) => l.trim() !== "")

/** The server built from the same layers as an in-process replay, on 127.0.0.1:0. */
const startServer = (env: Record<string, string>) =>
  Effect.gen(function*() {
    const layer = GrpcServerLive.pipe(
      // The pipeline exactly as an in-process replay composes it; the edge's own services as the harness does.
      Layer.provide(Layer.merge(pipelineLayer(LlmLive), OpsTest())),
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries({
        ...env,
        GRPC_HOST: "127.0.0.1",
        GRPC_PORT: "0",
        SHUTDOWN_GRACE_MS: "500"
      }))))),
      Layer.provide(Logger.minimumLogLevel(LogLevel.Error))
    )
    return Context.get(yield* Layer.build(layer), GrpcServer).port
  })

describe("batch replay", () => {
  it.scopedLive("in-process and against a running server give the same texts", () =>
    Effect.gen(function*() {
      const local = yield* runReplay(defaultOptions(examplesPath), catalogEnv)
      const port = yield* startServer(catalogEnv)
      const remote = yield* runReplay({ ...defaultOptions(examplesPath), target: `127.0.0.1:${port}` }, catalogEnv)
      expect(local.results).toHaveLength(exampleLines.length)
      const answers = (run: typeof local) =>
        run.results.map(({ chunks, error, id, items, provider, status, text }) => ({ chunks, error, id, items, provider, status, text }))
      expect(answers(remote)).toEqual(answers(local))
      // Every catalog answer names its picks as items, each with its catalog id and position.
      const ok = local.results.filter((r) => r["status"] === "OK")
      for (const result of ok) {
        const items = result["items"] as ReadonlyArray<{ id: string; source: string; position: number; url: string }>
        expect(items.length).toBeGreaterThan(0)
        expect(items.map((i) => i.position)).toEqual(items.map((_, i) => i + 1))
        expect(items.every((i) => i.source === "catalog" && (result["text"] as string).includes(i.url))).toBe(true)
      }
      // The example file: most lines answer, one is cut off, one names an unknown period.
      expect(local.results.filter((r) => r["status"] === "OK").length).toBe(exampleLines.length - 2)
      expect(local.results.every((r) => r["status"] !== "OK" || (r["text"] as string).length > 0)).toBe(true)
      expect(local.code).toBe(1)
      expect(local.stderr).toContain(`${exampleLines.length} lines: ${exampleLines.length - 2} OK, 2 failed (INVALID_ARGUMENT 2)`)
    }))

  it.scopedLive("record, then replay offline: byte-identical output with the network provider off", () =>
    Effect.gen(function*() {
      const dir = yield* tempDirectory
      const cassettes = join(dir, "cassettes")
      const fake = yield* Effect.acquireRelease(Effect.promise(() => startFakeOpenAi()), (f) => Effect.promise(() => f.close()))
      // A deterministic answer that depends on the prompt, as a model's would.
      fake.setFallback((request) => {
        const prompt = JSON.stringify(request.body?.messages ?? "")
        return FakeOpenAi.text(["1. A pick for you", ` (${prompt.length} characters of prompt)\n`, "2. Another one\n"])
      })
      const networkEnv = { LLM_PROVIDERS: "openai", OPENAI_BASE_URL: fake.baseURL, LLM_RETRIES: "0" }
      const recorded = yield* runReplay({ ...defaultOptions(examplesPath), cassettes: { mode: "record", directory: cassettes } }, networkEnv)
      const providerCalls = fake.requests.length
      expect(providerCalls).toBe(exampleLines.length - 2)
      expect(recorded.results.filter((r) => r["provider"] === "openai")).toHaveLength(providerCalls)
      expect(readdirSync(cassettes).filter((f) => f.endsWith(".json")).length).toBe(providerCalls)
      yield* Effect.promise(() => fake.close())

      // No OpenAI configuration at all: only the cassettes can answer.
      const replayed = yield* runReplay({ ...defaultOptions(examplesPath), cassettes: { mode: "replay", directory: cassettes } }, {})
      expect(withoutTimings(replayed.stdout)).toBe(withoutTimings(recorded.stdout))
      const again = yield* runReplay({ ...defaultOptions(examplesPath), concurrency: 1, cassettes: { mode: "replay", directory: cassettes } }, {})
      expect(withoutTimings(again.stdout)).toBe(withoutTimings(recorded.stdout))
      expect(fake.requests.length).toBe(providerCalls)
    }))

  it.scopedLive("a request with no cassette is a clear per-line error; the other lines answer", () =>
    Effect.gen(function*() {
      const dir = yield* tempDirectory
      const cassettes = join(dir, "cassettes")
      const first = exampleLines[0] ?? ""
      const second = exampleLines[2] ?? ""
      yield* runReplay({ ...defaultOptions(writeInput(dir, "one.jsonl", `${first}\n`)), cassettes: { mode: "record", directory: cassettes } }, catalogEnv)
      const both = writeInput(dir, "two.jsonl", `${first}\n${second}\n`)
      const run = yield* runReplay({ ...defaultOptions(both), cassettes: { mode: "replay", directory: cassettes } }, {})
      expect(run.results.map((r) => r["status"])).toEqual(["OK", "UNAVAILABLE"])
      expect(run.results[1]?.["error"]).toMatch(/no cassette [0-9a-f]{64}\.json .*record it first with --record/)
      expect(run.code).toBe(1)
      const missingDir = yield* Effect.flip(runReplay({ ...defaultOptions(both), cassettes: { mode: "replay", directory: join(dir, "nope") } }))
      expect(missingDir.message).toContain("does not exist")
    }))

  it.scopedLive("bad lines are INVALID_ARGUMENT lines and the run goes on; --allow-errors exits 0", () =>
    Effect.gen(function*() {
      const dir = yield* tempDirectory
      const good = exampleLines[0] ?? ""
      const input = writeInput(dir, "bad.jsonl", [
        good,
        "not json at all",
        "[1, 2, 3]",
        JSON.stringify({ id: 7, user_id: "u", browser_context: 42 }),
        JSON.stringify({ user_id: "", browser_context: { visited_sites: [], search_queries: [] } }),
        JSON.stringify({ id: "bad-context", user_id: "u", browser_context: "{\"visited_sites\": 3}" }),
        "",
        good
      ].join("\n") + "\n")
      const run = yield* runReplay(defaultOptions(input), catalogEnv)
      expect(run.results.map((r) => [r["id"], r["status"]])).toEqual([
        ["dev-ko-1", "OK"],
        [2, "INVALID_ARGUMENT"],
        [3, "INVALID_ARGUMENT"],
        [7, "INVALID_ARGUMENT"],
        [5, "INVALID_ARGUMENT"],
        ["bad-context", "INVALID_ARGUMENT"],
        ["dev-ko-1", "OK"]
      ])
      expect(run.results[3]?.["error"]).toBe("line 4: browser_context must be an object or a JSON string.")
      expect(run.results[4]?.["error"]).toBe("user_id is required.")
      expect(run.code).toBe(1)
      const allowed = yield* runReplay({ ...defaultOptions(input), allowErrors: true }, catalogEnv)
      expect(allowed.code).toBe(0)
    }))

  it.scopedLive("an empty file is an empty run that succeeds", () =>
    Effect.gen(function*() {
      const dir = yield* tempDirectory
      const run = yield* runReplay(defaultOptions(writeInput(dir, "empty.jsonl", "")), catalogEnv)
      expect(run.stdout).toBe("")
      expect(run.code).toBe(0)
      expect(run.stderr).toContain("0 lines: 0 OK, 0 failed")
    }))

  it.scopedLive("concurrency larger than the file: every line once, in input order", () =>
    Effect.gen(function*() {
      const dir = yield* tempDirectory
      const lines = exampleLines.filter((l) => !l.includes("fortnight") && l.trim().endsWith("}")).slice(0, 3)
      const run = yield* runReplay({ ...defaultOptions(writeInput(dir, "three.jsonl", lines.join("\n"))), concurrency: 64 }, catalogEnv)
      expect(run.results.map((r) => r["id"])).toEqual(lines.map((l) => (JSON.parse(l) as { id: string }).id))
      expect(run.code).toBe(0)
    }))

  it.scopedLive("a truncated or unreadable input file stops the run with one sentence", () =>
    Effect.gen(function*() {
      const dir = yield* tempDirectory
      const good = exampleLines[0] ?? ""
      const truncated = writeInput(dir, "cut.jsonl", `${good}\n${good.slice(0, 40)}`)
      const cut = yield* Effect.flip(runReplay(defaultOptions(truncated), catalogEnv))
      expect(cut.message).toBe(`${truncated} looks truncated: its last line (2) is cut off in the middle of a JSON object.`)
      const missing = yield* Effect.flip(runReplay(defaultOptions(join(dir, "missing.jsonl")), catalogEnv))
      expect(missing.message).toContain("does not exist")
      const binary = join(dir, "binary.jsonl")
      writeFileSync(binary, Buffer.from([0xff, 0xfe, 0x00, 0x7b]))
      const notText = yield* Effect.flip(runReplay(defaultOptions(binary), catalogEnv))
      expect(notText.message).toContain("is not UTF-8 text")
      const directory = yield* Effect.flip(runReplay(defaultOptions(dir), catalogEnv))
      expect(directory.message).toContain("is a directory")
    }))

  it.scopedLive("--output writes the lines to a file", () =>
    Effect.gen(function*() {
      const dir = yield* tempDirectory
      const out = join(dir, "out.jsonl")
      const run = yield* runReplay({ ...defaultOptions(writeInput(dir, "in.jsonl", `${exampleLines[0]}\n`)), output: out }, catalogEnv)
      expect(run.stdout).toBe("")
      const written = readFileSync(out, "utf8")
      expect(written.endsWith("\n")).toBe(true)
      expect(JSON.parse(written)).toMatchObject({ id: "dev-ko-1", status: "OK", provider: "catalog" })
    }))
})
