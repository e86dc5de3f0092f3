/**
 * Leaks: runs test/resilience/leaks.ts in its own process with --expose-gc
 * (20,000 calls: OK, invalid and cancelled mixed) and checks what it measured
 * after a forced GC with nothing in flight: heap used within 10% of the level
 * after the first 10% of the calls, the same active resources (no timer or
 * socket left), no fiber left, the in-flight gauge at zero.
 *
 * RESILIENCE_LEAK_CALLS sets the number of calls (default 20,000, about two
 * minutes on 2 cores).
 */
import { describe, expect, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
// Type-only: erased, so importing it does not run the drill.
import type { Measure } from "./leaks.js"

const calls = Number(process.env.RESILIENCE_LEAK_CALLS ?? 20_000)
const script = fileURLToPath(new URL("./leaks.ts", import.meta.url))

interface Report {
  readonly calls: number
  readonly seconds: number
  readonly outcomes: Record<string, number>
  readonly wrong: ReadonlyArray<string>
  readonly early: Measure
  readonly late: Measure
  readonly heapGrowth: number
}

const runDrill = () =>
  new Promise<Report>((resolve, reject) => {
    execFile(
      process.execPath,
      ["--expose-gc", "--import", "tsx", script, "--calls", String(calls)],
      { timeout: 280_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`leak drill failed: ${error.message}\n${stderr.slice(-2_000)}`))
        const line = stdout.trim().split("\n").filter((l) => l.startsWith("{\"calls\"")).at(-1)
        if (line === undefined) return reject(new Error(`leak drill printed no report:\n${stdout.slice(-2_000)}`))
        resolve(JSON.parse(line) as Report)
      }
    )
  })

describe("resilience: leaks", () => {
  it(`${calls} calls leave no heap growth, timers, sockets or fibers behind`, async () => {
    const report = await runDrill()
    console.info(
      `leak drill: ${report.calls} calls in ${report.seconds} s; heap ${(report.early.heapUsed / 2 ** 20).toFixed(1)} MB after ${report.early.calls}, ` +
        `${(report.late.heapUsed / 2 ** 20).toFixed(1)} MB after ${report.late.calls} (${(report.heapGrowth * 100).toFixed(1)}%); ` +
        `resources ${JSON.stringify(report.late.resources)}`
    )
    expect(report.wrong).toEqual([])
    expect(Object.values(report.outcomes).reduce((a, b) => a + b, 0)).toBe(calls)
    expect(Object.keys(report.outcomes).sort()).toEqual(["cancel:1", "invalid:3", "ok:0"])
    expect(report.heapGrowth).toBeLessThan(0.1)
    expect(report.late.inFlight).toBe(0)
    expect(report.early.inFlight).toBe(0)
    expect(report.late.resources).toEqual(report.early.resources)
    expect(report.late.rootFibers).toBe(report.early.rootFibers)
  }, 300_000)
})
