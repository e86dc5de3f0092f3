import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { canonicalJson, contentHash, contextKey } from "../../src/domain/canonical.js"
import type { BrowserContext } from "../../src/domain/context.js"

/** The same value with every object's keys in a shuffled order. */
const reorder = (value: unknown, seed: number): unknown => {
  if (Array.isArray(value)) return value.map((v, i) => reorder(v, seed + i))
  if (value === null || typeof value !== "object") return value
  const entries = Object.entries(value as Record<string, unknown>)
  const shuffled = entries
    .map(([k, v], i) => ({ k, v, rank: Math.sin(seed * 997 + i * 31) }))
    .sort((a, b) => a.rank - b.rank)
  return Object.fromEntries(shuffled.map(({ k, v }) => [k, reorder(v, seed + 1)]))
}

const site = fc.record(
  {
    url: fc.webUrl(),
    title: fc.string(),
    visited_at: fc.integer({ min: 0, max: 2_000_000_000_000 }),
    duration_s: fc.nat()
  },
  { requiredKeys: ["url"] }
)

const browserContext: fc.Arbitrary<BrowserContext> = fc.record(
  {
    visited_sites: fc.array(site, { maxLength: 6 }),
    search_queries: fc.array(fc.string(), { maxLength: 6 }),
    time_spent: fc.dictionary(fc.domain(), fc.nat())
  },
  { requiredKeys: ["visited_sites", "search_queries"] }
)

describe("canonical form and context key", () => {
  it("sorts object keys recursively and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      `{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}`
    )
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]))
  })

  it("treats an undefined property as absent", () => {
    expect(contentHash({ a: 1, b: undefined })).toBe(contentHash({ a: 1 }))
  })

  it("keys the analysis by the user id too (the analysis masks it), unambiguously", () => {
    const empty = { visited_sites: [], search_queries: [] }
    expect(contextKey(empty, "u-1")).not.toBe(contextKey(empty, "u-2"))
    // The id's length is part of the key: no id can run into the context's text.
    expect(contextKey(empty, "a\n{")).not.toBe(contextKey(empty, "a"))
  })

  it.prop("the key does not depend on key order", [browserContext, fc.integer()], ([context, seed]) => {
    const shuffled = reorder(context, seed) as BrowserContext
    expect(contextKey(shuffled, "u-1")).toBe(contextKey(context, "u-1"))
    // Through JSON too, as a client would send it.
    expect(contextKey(JSON.parse(JSON.stringify(shuffled)) as BrowserContext, "u-1")).toBe(contextKey(context, "u-1"))
  })

  it.prop("different contexts have different keys", [browserContext, fc.string({ minLength: 1 })], ([context, query]) => {
    const more = { ...context, search_queries: [...context.search_queries, query] }
    expect(contextKey(more, "u-1")).not.toBe(contextKey(context, "u-1"))
  })
})
