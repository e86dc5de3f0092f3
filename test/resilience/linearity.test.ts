/**
 * The per-call domain work (decode, analysis, sanitizing, grounding's
 * normalization of visited URLs, the prompt, the cache key) grows linearly
 * with the size of any caller text, whatever its shape: for each text field
 * and each hostile shape, the CPU time at a 64 KB request is at most 24× the
 * time at a 4 KB one (linear ≈ 16×, quadratic ≈ 256×). Measured in this
 * process with process.cpuUsage (a busy machine slows both sizes alike),
 * each size repeated until it has used enough CPU to swamp a GC pause, the
 * median of three.
 *
 * Before the fix, the shapes "x + spaces + x" (title), "a@ + letters"
 * (query), "capitals + !" (path) and "slashes" (path) took seconds at 64 KB.
 */
import { describe, expect, it } from "@effect/vitest"
import { fields, growth, largeBytes, maxRatio, shapes, sized, smallBytes } from "./linearity.js"

describe("resilience: the work per call is linear in the size of every text", () => {
  for (const [fieldName, field] of Object.entries(fields)) {
    it(`${fieldName}: 64 KB costs at most ${maxRatio}× the CPU of 4 KB, for every hostile shape`, () => {
      const slow: Array<string> = []
      for (const [shapeName, shape] of Object.entries(shapes)) {
        const { large, ratio, small } = growth(field, shape)
        if (ratio > maxRatio) slow.push(`${shapeName}: ${Math.round(small)} µs → ${Math.round(large)} µs (${ratio.toFixed(1)}×)`)
      }
      expect(slow).toEqual([])
    }, 120_000)
  }

  it("the sizes are what the test says: within the 64 KB limit, and 16 times apart", () => {
    for (const field of Object.values(fields)) {
      for (const shape of Object.values(shapes)) {
        const large = sized(field, shape, largeBytes)
        expect(Buffer.byteLength(large.browser_context)).toBeLessThanOrEqual(largeBytes)
      }
    }
    const title = fields["title"]
    const letters = shapes["letters"]
    if (title === undefined || letters === undefined) throw new Error("missing field or shape")
    const small = JSON.parse(sized(title, letters, smallBytes).browser_context) as { visited_sites: Array<{ title?: string }> }
    const large = JSON.parse(sized(title, letters, largeBytes).browser_context) as { visited_sites: Array<{ title?: string }> }
    const ratio = (large.visited_sites[0]?.title?.length ?? 0) / (small.visited_sites[0]?.title?.length ?? 1)
    expect(ratio).toBeGreaterThan(15)
    expect(ratio).toBeLessThan(17.5)
  })
})
