/**
 * The catalog the service ships with: valid, real-looking links, categories
 * of the taxonomy, and the coverage the product promises.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import { assembleCatalog } from "../../src/domain/catalog/assemble.js"
import { normalizeUrl } from "../../src/domain/catalog/url.js"
import { isTaxonomyId, isWithin } from "../../src/domain/taxonomy/index.js"
import { partsDir, readCatalog, shippedExists, shippedPath } from "./support.js"

describe.skipIf(!shippedExists)("the shipped catalog", () => {
  const items = shippedExists ? readCatalog(shippedPath) : []

  it("is catalog/parts/*.jsonl assembled (npm run catalog:build)", () => {
    const names = readdirSync(partsDir).filter((name) => name.endsWith(".jsonl")).sort()
    const assembled = assembleCatalog(names.map((name) => ({ name, text: readFileSync(join(partsDir, name), "utf8") })))
    expect(Either.getOrThrowWith(assembled, (e) => new Error(e.message))).toBe(readFileSync(shippedPath, "utf8"))
  })

  it("has unique, well-formed https URLs", () => {
    for (const item of items) {
      const url = new URL(item.url)
      expect(url.protocol, item.id).toBe("https:")
      expect(url.hostname, item.id).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/)
      expect(url.username + url.password, item.id).toBe("")
      expect(item.url, item.id).not.toMatch(/\s/)
    }
    expect(new Set(items.map((item) => normalizeUrl(item.url))).size).toBe(items.length)
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length)
  })

  it("files every item under categories of the taxonomy", () => {
    const unknown = items.flatMap((item) => item.categories.filter((id) => !isTaxonomyId(id)).map((id) => `${item.id}: ${id}`))
    expect(unknown).toEqual([])
  })

  it("has at least 400 items over at least 40 categories", () => {
    expect(items.length).toBeGreaterThanOrEqual(400)
    expect(new Set(items.flatMap((item) => item.categories)).size).toBeGreaterThanOrEqual(40)
  })

  it("has at least a quarter of its items in Korean", () => {
    expect(items.filter((item) => item.language === "ko").length / items.length).toBeGreaterThanOrEqual(0.25)
  })

  // The subjects the product promises sensible answers for, each with items.
  it.each([
    ["technology", ["596"]], ["politics", ["386"]], ["cooking", ["216"]], ["travel", ["653"]],
    ["personal finance", ["391"]], ["health", ["223", "286"]], ["design", ["204", "629"]], ["video gaming", ["680"]]
  ] as const)("has items on %s", (_, ids) => {
    expect(items.filter((item) => item.categories.some((c) => ids.some((id) => isWithin(c, id)))).length).toBeGreaterThan(0)
  })

  it("has news items", () => {
    expect(items.filter((item) => item.format === "news").length).toBeGreaterThan(0)
  })
})
