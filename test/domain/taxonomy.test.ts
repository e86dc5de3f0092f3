import { describe, expect, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { modulePath, renderTaxonomyModule, tsvPath } from "../../scripts/gen-taxonomy.js"
import { category } from "../../src/domain/taxonomy/categories.js"
import { hostProfile, knownHosts } from "../../src/domain/taxonomy/hosts.js"
import { ancestorsOf, isTaxonomyId, taxonomy, taxonomyById } from "../../src/domain/taxonomy/index.js"
import { keywordEntries } from "../../src/domain/taxonomy/keywords.js"
import { tokenize } from "../../src/domain/text/tokenize.js"

describe("taxonomy", () => {
  it("is the module generated from the TSV (run npm run gen:taxonomy when this fails)", () => {
    expect(readFileSync(modulePath, "utf8")).toBe(renderTaxonomyModule(readFileSync(tsvPath, "utf8")))
  })

  it("has the 704 categories of IAB Content Taxonomy 3.1 with unique ids and known parents", () => {
    expect(taxonomy).toHaveLength(704)
    expect(new Set(taxonomy.map((c) => c.id)).size).toBe(704)
    for (const c of taxonomy) if (c.parent !== undefined) expect(isTaxonomyId(c.parent)).toBe(true)
  })

  it("looks categories up by Unique ID", () => {
    expect(taxonomyById("631")).toEqual({
      id: "631",
      name: "Programming Languages",
      parent: "599",
      path: ["Technology & Computing", "Computing", "Programming Languages"]
    })
    expect(isTaxonomyId("597")).toBe(true)
    expect(isTaxonomyId("9999")).toBe(false)
    expect(isTaxonomyId("constructor")).toBe(false)
    expect(ancestorsOf("631")).toEqual(["599", "596"])
  })

  it("names only ids that exist, in the category names and in the host and keyword tables", () => {
    for (const id of Object.values(category)) expect(isTaxonomyId(id), id).toBe(true)
    for (const [host, profile] of knownHosts) for (const id of profile.categories) expect(isTaxonomyId(id), host).toBe(true)
    for (const [keyword, ids] of keywordEntries) for (const id of ids) expect(isTaxonomyId(id), keyword).toBe(true)
  })

  it("has keywords in the tokenizer's form, so that they can match", () => {
    for (const [keyword] of keywordEntries) expect(tokenize(keyword).join(" ")).toBe(keyword)
  })

  it("finds a host's profile through its parent domains", () => {
    expect(hostProfile("m.blog.naver.com")?.format).toBe("article")
    expect(hostProfile("n.news.naver.com")?.format).toBe("news")
    expect(hostProfile("www.github.com")?.categories).toContain(category.programming)
    expect(hostProfile("constructor")).toBeUndefined()
    expect(hostProfile("unknown.example")).toBeUndefined()
  })
})
