/** The index's postings, built once for the whole catalog: each term and category lists exactly its docs. */
import { describe, expect, it } from "@effect/vitest"
import { buildIndex } from "../../src/domain/catalog/index.js"
import { taxonomyIndexOptions } from "../../src/layers/Catalog.js"
import { catalogs } from "./support.js"

describe.each(catalogs)("index postings of the %s", (_, items) => {
  const index = buildIndex(items, taxonomyIndexOptions)
  const docs = index.items.map((_, doc) => doc)

  it("lists, for every term, each doc whose terms hold it, once and in order, with a positive weight", () => {
    const seen = new Set<string>()
    for (const [term, postings] of index.terms) {
      expect([...postings.docs]).toEqual(docs.filter((doc) => index.items[doc]!.terms.has(term)))
      expect(postings.weights.length).toBe(postings.docs.length)
      for (const weight of postings.weights) expect(weight).toBeGreaterThan(0)
      seen.add(term)
    }
    // And no item term without postings.
    for (const entry of index.items) for (const term of entry.terms) expect(seen.has(term)).toBe(true)
  })

  it("lists, for every category, each doc credited with it and that credit", () => {
    for (const [id, postings] of index.categories) {
      const credited = docs.filter((doc) => index.items[doc]!.categoryCredits.has(id))
      expect([...postings.docs]).toEqual(credited)
      expect([...postings.weights]).toEqual(credited.map((doc) => index.items[doc]!.categoryCredits.get(id)))
    }
    const listed = new Set(index.categories.keys())
    for (const entry of index.items) for (const id of entry.categoryCredits.keys()) expect(listed.has(id)).toBe(true)
  })
})
