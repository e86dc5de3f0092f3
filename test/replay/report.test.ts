import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { parseInput, parseLine } from "../../src/replay/input.js"
import { formatSummary, outputLine, percentile, summarize } from "../../src/replay/report.js"

describe("replay input lines", () => {
  it("an object context is sent as its JSON text, the same as a string context", () => {
    const context = { visited_sites: [], search_queries: ["rust"] }
    const asObject = parseLine(JSON.stringify({ user_id: "u", browser_context: context }), 1)
    const asString = parseLine(JSON.stringify({ user_id: "u", browser_context: JSON.stringify(context) }), 1)
    expect(asObject).toEqual(asString)
    expect(asObject).toEqual({
      _tag: "Request",
      line: 1,
      id: 1,
      request: { user_id: "u", browser_context: JSON.stringify(context), content_type: "", content_period: "" }
    })
  })

  it("keeps the input's id, string or number", () => {
    expect(parseLine(`{"id": "a-1", "user_id": "u", "browser_context": {}}`, 3)).toMatchObject({ id: "a-1", line: 3 })
    expect(parseLine(`{"id": 42, "user_id": "u", "browser_context": {}}`, 3)).toMatchObject({ id: 42 })
    expect(parseLine(`{"id": {"x": 1}, "user_id": "u"}`, 3)).toMatchObject({ _tag: "Invalid", id: 3 })
  })

  it("says what is wrong with a line, naming it", () => {
    expect(parseLine("{", 2)).toMatchObject({ _tag: "Invalid", reason: "line 2 is not valid JSON." })
    expect(parseLine("null", 2)).toMatchObject({ _tag: "Invalid", reason: "line 2 must be a JSON object." })
    expect(parseLine(`{"user_id": 5}`, 2)).toMatchObject({ reason: "line 2: user_id must be a string." })
    expect(parseLine(`{"user_id": "u", "content_period": 7}`, 2)).toMatchObject({
      reason: "line 2: content_period must be a string."
    })
  })

  it.effect("skips blank lines, accepts CRLF and a last line without a newline", () =>
    Effect.gen(function*() {
      const lines = yield* parseInput(`{"user_id":"a"}\r\n\r\n   \n{"user_id":"b"}`, "in.jsonl")
      expect(lines.map((l) => [l.line, l._tag])).toEqual([[1, "Request"], [4, "Request"]])
    }))

  it.effect("a bad line in the middle is a line; a cut-off last line is a truncated file", () =>
    Effect.gen(function*() {
      const middle = yield* parseInput(`{"user_id":"a"}\n{"user_\n{"user_id":"b"}\n`, "in.jsonl")
      expect(middle.map((l) => l._tag)).toEqual(["Request", "Invalid", "Request"])
      const cut = yield* Effect.exit(parseInput(`{"user_id":"a"}\n{"user_id":"b", "browser_con`, "in.jsonl"))
      expect(Exit.isFailure(cut)).toBe(true)
    }))
})

describe("replay report", () => {
  it("nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(values, 50)).toBe(50)
    expect(percentile(values, 95)).toBe(95)
    expect(percentile(values, 99)).toBe(99)
    expect(percentile([7], 99)).toBe(7)
    expect(percentile([], 50)).toBeNull()
  })

  it("summarizes counts, errors by code and percentiles over the OK lines", () => {
    const ok = (ttfc: number, total: number) =>
      ({ status: "OK", text: "x", chunks: 1, ttfcMs: ttfc, totalMs: total, provider: "catalog" }) as const
    const failed = (status: string) =>
      ({ status, text: "", chunks: 0, ttfcMs: null, totalMs: 1, provider: null, error: "e" }) as const
    const summary = summarize([ok(10, 20), ok(30, 40), failed("UNAVAILABLE"), failed("INVALID_ARGUMENT"), failed("UNAVAILABLE")])
    expect(summary).toMatchObject({ count: 5, ok: 2, errors: { UNAVAILABLE: 2, INVALID_ARGUMENT: 1 } })
    expect(summary.ttfcMs).toEqual({ p50: 10, p95: 30, p99: 30 })
    expect(formatSummary(summary)).toContain("5 lines: 2 OK, 3 failed (INVALID_ARGUMENT 1, UNAVAILABLE 2)")
  })

  it("writes fields in a fixed order, error only when there is one", () => {
    expect(outputLine({ id: 1, line: 3, status: "OK", text: "안녕", chunks: 1, ttfcMs: 1.5, totalMs: 2, provider: "catalog" }))
      .toBe(`{"id":1,"line":3,"status":"OK","text":"안녕","chunks":1,"ttfc_ms":1.5,"total_ms":2,"provider":"catalog","items":[]}`)
  })
})
