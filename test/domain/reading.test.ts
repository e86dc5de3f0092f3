/**
 * A call that runs both the analysis and the sanitizer can read its context
 * once (readContext) and give the reading to each: the results must be those
 * of each step reading the context itself, and a reading made from another
 * context or user id must be ignored, never used.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Option } from "effect"
import { analyzeBrowsingPattern, analyzeBrowsingPatternSync, readContext } from "../../src/domain/analysis/index.js"
import { sanitizeForPrompt } from "../../src/domain/sanitize.js"
import { browserContext } from "./arbitraries.js"
import { fixtureNames, loadContext } from "./fixtures.js"

const key = Option.some("a-test-hmac-key")
const users = ["user-1", "jane.doe@example.com", "github"] as const

describe("one reading of the context for the analysis and the sanitizer", () => {
  it("gives what each step gives alone, on every fixture", () => {
    for (const name of fixtureNames) {
      const context = loadContext(name)
      for (const userId of users) {
        const reading = readContext(context, userId)
        expect(analyzeBrowsingPatternSync(context, userId, reading)).toEqual(Effect.runSync(analyzeBrowsingPattern(context, userId)))
        expect(sanitizeForPrompt(context, userId, key, reading)).toEqual(sanitizeForPrompt(context, userId, key))
      }
    }
  })

  it.prop("gives what each step gives alone, on generated contexts", [browserContext, fc.constantFrom(...users)], ([context, userId]) => {
    const reading = readContext(context, userId)
    expect(analyzeBrowsingPatternSync(context, userId, reading)).toEqual(analyzeBrowsingPatternSync(context, userId))
    expect(sanitizeForPrompt(context, userId, key, reading)).toEqual(sanitizeForPrompt(context, userId, key))
  }, { fastCheck: { numRuns: 200 } })

  it("ignores a reading of another context or another user", () => {
    const developer = loadContext("developer-week")
    const cooking = loadContext("korean-cooking-fan")
    const ofCooking = readContext(cooking, "user-1")
    expect(analyzeBrowsingPatternSync(developer, "user-1", ofCooking)).toEqual(analyzeBrowsingPatternSync(developer, "user-1"))
    expect(sanitizeForPrompt(developer, "user-1", key, ofCooking)).toEqual(sanitizeForPrompt(developer, "user-1", key))
    // The same context, another user: the mask differs (the other user's id would not be masked).
    const masked = { visited_sites: [{ url: "https://github.com/jane-doe/notes", title: "jane-doe/notes", duration_s: 60 }], search_queries: ["jane-doe"] }
    const ofOther = readContext(masked, "someone-else")
    expect(sanitizeForPrompt(masked, "jane-doe", key, ofOther)).toEqual(sanitizeForPrompt(masked, "jane-doe", key))
    expect(JSON.stringify(sanitizeForPrompt(masked, "jane-doe", key, ofOther))).not.toContain("jane-doe")
    // An equal but distinct object is another context: read again (a reading serves one object).
    const copy = structuredClone(developer)
    expect(analyzeBrowsingPatternSync(copy, "user-1", readContext(developer, "user-1"))).toEqual(analyzeBrowsingPatternSync(developer, "user-1"))
  })
})
