/**
 * Replays at scale: the split into shards, resuming a stopped shard, the
 * per-shard rate, and merging the shards back into what one run gives.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Clock, Effect, Fiber, Stream, TestClock } from "effect"
import { readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { parseInput, readInput, type ReplayLine } from "../../src/replay/input.js"
import { scanLines } from "../../src/replay/lines.js"
import { formatSummary, summarize } from "../../src/replay/report.js"
import { parseResultLine } from "../../src/replay/resultsFile.js"
import { replayLines } from "../../src/replay/run.js"
import { inShard, parseShard } from "../../src/replay/shard.js"
import { readSummaryFile } from "../../src/replay/summaryFile.js"
import { FakeOpenAi, startFakeOpenAi } from "../support/fakeOpenAi.js"
import { defaultOptions, examplesPath, runMerge, runReplay, tempDirectory, writeInput } from "./support.js"

const catalogEnv = { LLM_PROVIDERS: "catalog" }

const exampleText = readFileSync(examplesPath, "utf8")
const exampleCount = exampleText.split("\n").filter((l) => l.trim() !== "").length

const lineNumbers = (lines: ReadonlyArray<ReplayLine>) => lines.map((l) => l.line)

/** What a result says, without the timings that measure one run. */
const answer = (r: Record<string, unknown>) => {
  const { total_ms: _total, ttfc_ms: _ttfc, ...rest } = r
  return rest
}

const fileResults = (path: string) =>
  readFileSync(path, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>)

describe("--shard I/N", () => {
  it("parses I/N, takes I from JOB_COMPLETION_INDEX for /N, and says what is wrong otherwise", () => {
    expect(parseShard("2/7", undefined)).toEqual({ index: 2, count: 7 })
    expect(parseShard("/7", "6")).toEqual({ index: 6, count: 7 })
    expect(parseShard("1/7", "6")).toEqual({ index: 1, count: 7 })
    expect(parseShard("/7", undefined)).toBe("--shard /N takes the shard index from JOB_COMPLETION_INDEX, which is not set.")
    expect(parseShard("/7", "x")).toBe("JOB_COMPLETION_INDEX must be a non-negative integer.")
    expect(parseShard("7/7", undefined)).toBe("--shard: the index (7) must be below the number of shards (7).")
    expect(parseShard("1/0", undefined)).toBe("--shard: N must be a positive integer.")
    expect(parseShard("a/b", undefined)).toMatch(/^--shard must be I\/N/)
  })

  it.effect("N = 1, 3, 7: the shards of the examples are disjoint and together are the whole file", () =>
    Effect.gen(function*() {
      const whole = lineNumbers(yield* parseInput(exampleText, "examples"))
      expect(whole).toHaveLength(exampleCount)
      for (const count of [1, 3, 7]) {
        const parts = yield* Effect.forEach(
          Array.from({ length: count }, (_, index) => index),
          (index) => Effect.map(parseInput(exampleText, "examples", inShard({ index, count })), lineNumbers)
        )
        const all = parts.flat()
        expect(new Set(all).size).toBe(all.length)
        expect([...all].sort((a, b) => a - b)).toEqual(whole)
        if (count > 1) expect(parts.filter((p) => p.length > 0).length).toBeGreaterThan(1)
      }
    }))

  it.effect("the split depends on a line's content, not on its position", () =>
    Effect.gen(function*() {
      const rows = exampleText.split("\n").filter((l) => l.trim() !== "")
      const reversed = [...rows].reverse().join("\n") + "\n"
      const shard = { index: 1, count: 3 }
      const ids = (lines: ReadonlyArray<ReplayLine>) => lines.map((l) => l.id).sort()
      const forward = yield* parseInput(exampleText, "examples", inShard(shard))
      const backward = yield* parseInput(reversed, "reversed", inShard(shard))
      // The cut line's id is its line number, which moves; every other line keeps its id.
      const named = (ls: ReadonlyArray<ReplayLine>) => ids(ls).filter((id) => typeof id === "string")
      expect(named(backward)).toEqual(named(forward))
    }))

  it.effect("a truncated file is refused by every shard, not only by the one its last line hashes to", () =>
    Effect.gen(function*() {
      const cut = `${exampleText}{"id": "cut", "user_id": "u", "browser_con`
      for (let index = 0; index < 3; index++) {
        const error = yield* Effect.flip(parseInput(cut, "cut.jsonl", inShard({ index, count: 3 })))
        expect(error.message).toContain("looks truncated")
      }
    }))
})

describe("replay:merge", () => {
  for (const count of [1, 3, 7]) {
    it.scopedLive(`N = ${count}: the merged shards are the single run's results, and the summary is computed from all of them`, () =>
      Effect.gen(function*() {
        const dir = yield* tempDirectory
        const single = join(dir, "single.jsonl")
        const whole = yield* runReplay({ ...defaultOptions(examplesPath), output: single }, catalogEnv)
        const outputs = Array.from({ length: count }, (_, i) => join(dir, `shard-${i}.jsonl`))
        for (const [index, output] of outputs.entries()) {
          const run = yield* runReplay({ ...defaultOptions(examplesPath), output, shard: { index, count } }, catalogEnv)
          const summary = yield* readSummaryFile(output)
          expect(summary.shard).toEqual({ index, count })
          expect(fileResults(output)).toHaveLength(summary.lines)
          expect(run.stderr).toContain(`${summary.lines} lines:`)
        }
        const mergedPath = join(dir, "merged.jsonl")
        // Given in any order.
        const merge = yield* runMerge({ outputs: [...outputs].reverse(), output: mergedPath })

        const merged = fileResults(mergedPath)
        const expected = fileResults(single)
        expect(merged.map(answer)).toEqual(expected.map(answer))
        expect(merged.map((r) => r["line"])).toEqual(expected.map((r) => r["line"]))

        // The summary is the one a single run would report over these very result lines:
        // percentiles from the merged latencies, not an average of the shards' percentiles.
        const results = readFileSync(mergedPath, "utf8").split("\n").filter((l) => l !== "").map((l) => parseResultLine(l))
        expect(results.every((r) => r !== undefined)).toBe(true)
        expect(merge.summary).toEqual(summarize(results.flatMap((r) => (r === undefined ? [] : [r]))))
        expect(merge.stderr).toBe(`${formatSummary(merge.summary)}\n`)
        const file = yield* readSummaryFile(mergedPath)
        expect(file).toEqual({
          input: (yield* readSummaryFile(single)).input,
          shard: { index: 0, count: 1 },
          lines: exampleCount,
          summary: merge.summary
        })
        const singleSummary = (yield* readSummaryFile(single)).summary
        expect({ count: merge.summary.count, ok: merge.summary.ok, errors: merge.summary.errors })
          .toEqual({ count: singleSummary.count, ok: singleSummary.ok, errors: singleSummary.errors })
        expect(whole.stderr).toContain(`${exampleCount} lines: ${exampleCount - 2} OK`)
      }))
  }

  it.effect("percentiles of the merge come from all latencies: a shard of slow calls moves p50, an average would not match", () =>
    Effect.sync(() => {
      const ok = (total: number) => ({ status: "OK", text: "x", chunks: 1, ttfcMs: total / 2, totalMs: total, provider: "catalog" })
      const fast = [10, 11, 12, 13].map(ok)
      const slow = [100].map(ok)
      const merged = summarize([...fast, ...slow])
      expect(merged.totalMs).toEqual({ p50: 12, p95: 100, p99: 100 })
      const averaged = ((summarize(fast).totalMs.p50 ?? 0) + (summarize(slow).totalMs.p50 ?? 0)) / 2
      expect(averaged).not.toBe(merged.totalMs.p50)
    }))

  it.scopedLive("refuses a missing shard, a shard given twice, an unfinished shard, and shards of another file", () =>
    Effect.gen(function*() {
      const dir = yield* tempDirectory
      const outputs = [0, 1, 2].map((i) => join(dir, `shard-${i}.jsonl`))
      for (const [index, output] of outputs.entries()) {
        yield* runReplay({ ...defaultOptions(examplesPath), output, shard: { index, count: 3 } }, catalogEnv)
      }
      const [s0 = "", s1 = "", s2 = ""] = outputs
      const onto = yield* Effect.flip(runMerge({ outputs: [s0, s1, s2], output: s1 }))
      expect(onto.message).toBe(`--output ${s1} is one of the files to merge: it would be overwritten while read.`)
      const missing = yield* Effect.flip(runMerge({ outputs: [s0, s2], output: undefined }))
      expect(missing.message).toBe("shard 1 of 3 missing.")
      const twice = yield* Effect.flip(runMerge({ outputs: [s0, s1, s2, s1], output: undefined }))
      expect(twice.message).toMatch(/^input line \d+ is in .* and in another output \(or twice in it\)\.$/)
      const noSummary = yield* Effect.flip(runMerge({ outputs: [s0, s1, join(dir, "none.jsonl")], output: undefined }))
      expect(noSummary.message).toContain("none.jsonl.summary.json is missing")

      // A shard cut short (its pod was stopped): the lines it has are not the lines it should have.
      const longest = outputs.map((o) => ({ o, n: fileResults(o).length })).sort((a, b) => b.n - a.n)[0]?.o ?? ""
      const kept = readFileSync(longest, "utf8").split("\n").slice(0, 1).join("\n") + "\n"
      writeFileSync(longest, kept)
      const unfinished = yield* Effect.flip(runMerge({ outputs, output: undefined }))
      expect(unfinished.message).toMatch(/holds 1 of its shard's \d+ lines: finish it \(--resume\) before merging\.$/)

      // Lines out of input order: not a file the replay wrote.
      const whole = join(dir, "whole.jsonl")
      yield* runReplay({ ...defaultOptions(examplesPath), output: whole }, catalogEnv)
      writeFileSync(whole, readFileSync(whole, "utf8").split("\n").filter((l) => l !== "").reverse().join("\n") + "\n")
      const disordered = yield* Effect.flip(runMerge({ outputs: [whole], output: undefined }))
      expect(disordered.message).toBe(`${whole} is not in input order: it was not written by npm run replay.`)

      const other = writeInput(dir, "other.jsonl", exampleText.split("\n").slice(0, 3).join("\n") + "\n")
      const foreign = join(dir, "foreign.jsonl")
      yield* runReplay({ ...defaultOptions(other), output: foreign, shard: { index: 1, count: 3 } }, catalogEnv)
      const mixed = yield* Effect.flip(runMerge({ outputs: [s0, foreign, s2], output: undefined }))
      expect(mixed.message).toContain("are replays of different input files")
    }))
})

describe("--resume", () => {
  it.scopedLive("a stopped shard continues where it stopped: only the missing lines reach the provider, each line once", () =>
    Effect.gen(function*() {
      const dir = yield* tempDirectory
      const fake = yield* Effect.acquireRelease(Effect.promise(() => startFakeOpenAi()), (f) => Effect.promise(() => f.close()))
      fake.setFallback(FakeOpenAi.text(["1. A pick", " for you\n"]))
      // The provider's own retries stay on: on this busy machine a reused keep-alive socket is sometimes
      // reset before the request reaches the fake, which a retry absorbs (and the fake never counts).
      const env = { LLM_PROVIDERS: "openai", OPENAI_BASE_URL: fake.baseURL, LLM_RETRY_BASE_MS: "10", CACHE: "off" }
      const output = join(dir, "out.jsonl")
      const first = yield* runReplay({ ...defaultOptions(examplesPath), output }, env)
      const complete = readFileSync(output, "utf8")
      const requestsPerRun = fake.requests.length
      expect(requestsPerRun).toBe(exampleCount - 2)

      // As a pod killed mid-run leaves it: four whole lines and half of the fifth.
      const rows = complete.split("\n")
      const torn = `${rows.slice(0, 4).join("\n")}\n${(rows[4] ?? "").slice(0, 30)}`
      writeFileSync(output, torn)
      const before = fake.requests.length
      const resumed = yield* runReplay({ ...defaultOptions(examplesPath), output, resume: true }, env)
      const okInFirstFour = rows.slice(0, 4).filter((r) => r.includes(`"status":"OK"`)).length
      expect(fake.requests.length - before).toBe(requestsPerRun - okInFirstFour)

      const after = fileResults(output)
      expect(after.map((r) => r["line"])).toEqual(Array.from({ length: exampleCount }, (_, i) => i + 1))
      expect(after.map(answer)).toEqual(complete.split("\n").filter((l) => l !== "").map((l) => answer(JSON.parse(l))))
      // The summary covers the whole shard, the kept lines as well as the new ones.
      expect(resumed.stderr).toContain(`${exampleCount} lines: ${exampleCount - 2} OK`)
      expect((yield* readSummaryFile(output)).summary.count).toBe(exampleCount)
      expect(resumed.code).toBe(first.code)

      // Resuming a finished output sends nothing.
      const done = fake.requests.length
      yield* runReplay({ ...defaultOptions(examplesPath), output, resume: true }, env)
      expect(fake.requests.length).toBe(done)
      expect(fileResults(output)).toHaveLength(exampleCount)
    }))

  it.scopedLive("refuses an output written for another shard instead of mixing them", () =>
    Effect.gen(function*() {
      const dir = yield* tempDirectory
      const output = join(dir, "out.jsonl")
      yield* runReplay({ ...defaultOptions(examplesPath), output, shard: { index: 0, count: 3 } }, catalogEnv)
      const error = yield* Effect.flip(
        runReplay({ ...defaultOptions(examplesPath), output, shard: { index: 1, count: 3 }, resume: true }, catalogEnv)
      )
      expect(error.message).toBe(`${output} was written for shard 0/3, not 1/3.`)
      // Without the summary (a run killed before its end), the lines themselves tell.
      rmSync(`${output}.summary.json`)
      const unsummarized = yield* Effect.flip(
        runReplay({ ...defaultOptions(examplesPath), output, shard: { index: 1, count: 3 }, resume: true }, catalogEnv)
      )
      expect(unsummarized.message).toMatch(/holds a result for input line \d+, which is not in this run's input or shard\.$/)
      const other = writeInput(dir, "other.jsonl", readFileSync(examplesPath, "utf8").split("\n").slice(0, 5).join("\n") + "\n")
      yield* runReplay({ ...defaultOptions(other), output: join(dir, "o.jsonl") }, catalogEnv)
      const foreign = yield* Effect.flip(
        runReplay({ ...defaultOptions(examplesPath), output: join(dir, "o.jsonl"), resume: true }, catalogEnv)
      )
      expect(foreign.message).toBe(`${join(dir, "o.jsonl")} was written for another input file.`)
    }))

  it.scopedLive("with no output file yet, a resume is a first run", () =>
    Effect.gen(function*() {
      const dir = yield* tempDirectory
      const output = join(dir, "new.jsonl")
      const run = yield* runReplay({ ...defaultOptions(examplesPath), output, resume: true }, catalogEnv)
      expect(fileResults(output)).toHaveLength(exampleCount)
      expect(run.stderr).toContain(`${exampleCount} lines:`)
    }))
})

describe("--rate N", () => {
  it.effect("starts at most N requests a second, evenly spaced; invalid lines cost nothing", () =>
    Effect.gen(function*() {
      const input = yield* readInput(examplesPath)
      const requests = input.lines.filter((l) => l._tag === "Request").length
      const started: Array<number> = []
      const target = () =>
        Effect.gen(function*() {
          started.push(yield* Clock.currentTimeMillis)
          return { status: "OK", text: "", chunks: 0, ttfcMs: null, totalMs: 0, provider: null }
        })
      const fiber = yield* replayLines(input.lines, target, { concurrency: 8, ratePerSecond: 2 }).pipe(
        Stream.runCollect,
        Effect.fork
      )
      yield* TestClock.adjust("1 second")
      // t = 0 and t = 0.5 s; t = 1 s is due at the end of this adjustment.
      expect(started.length).toBeLessThanOrEqual(3)
      expect(started.length).toBeGreaterThanOrEqual(2)
      yield* TestClock.adjust("1 minute")
      const results = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
      expect(results.map((r) => r.line)).toEqual(input.lines.map((l) => l.line))
      expect(started).toHaveLength(requests)
      const gaps = started.slice(1).map((t, i) => t - (started[i] ?? 0))
      expect(gaps.every((g) => g >= 500)).toBe(true)
      // Nine requests at two a second: the last one starts four seconds in, not before.
      expect(started.at(-1)).toBe((requests - 1) * 500)
    }))
})

describe("reading JSON lines as a stream", () => {
  it.effect("gives the same lines whatever the chunks, even split inside a Korean character or a CRLF", () =>
    Effect.promise(async () => {
      const text = "{\"a\": \"추천\"}\r\n\n{\"b\": \"리액트 훅\"}\n{\"c\": 3}"
      const bytes = Buffer.from(text, "utf8")
      const expected = text.split("\n")
      for (const size of [1, 2, 3, 5, 7, bytes.length]) {
        const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size))
        const seen: Array<[string, number, boolean]> = []
        const scan = await scanLines(
          (async function*() {
            yield* chunks
          })(),
          (line, index, complete) => seen.push([line, index, complete])
        )
        expect(seen).toEqual(expected.map((line, i) => [line, i, i < expected.length - 1]))
        expect(scan.completeBytes).toBe(Buffer.byteLength(text.slice(0, text.lastIndexOf("\n") + 1)))
      }
      const broken = Buffer.concat([Buffer.from("{\"a\": \""), Buffer.from([0xea, 0xb0]), Buffer.from("\"}\n")])
      await expect(scanLines((async function*() {
        yield broken
      })(), () => {})).rejects.toMatchObject({ code: "ERR_ENCODING_INVALID_ENCODED_DATA" })
    }))
})
