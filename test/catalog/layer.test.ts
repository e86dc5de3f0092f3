import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, ConfigProvider, Effect, Option, Stream } from "effect"
import type { Analysis } from "../../src/domain/analysis/types.js"
import { CatalogLive, defaultCatalogPath, layerFromItems } from "../../src/layers/Catalog.js"
import { LlmCatalogLive } from "../../src/layers/LlmCatalog.js"
import { Catalog } from "../../src/services/Catalog.js"
import { Llm, type LlmRequest } from "../../src/services/Llm.js"
import { analysisOf, developer, fixtureItems, fixturePath, koreanCook, shippedExists, shippedPath } from "./support.js"

const withEnv = (env: Record<string, string>) => Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

const catalogSize = Effect.map(Catalog, (catalog) => catalog.size)

const tempFile = (text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), "catalog-test-")), "catalog.jsonl")
  writeFileSync(path, text)
  return path
}

describe("CatalogLive", () => {
  it.effect("loads the file CATALOG_PATH names", () =>
    Effect.gen(function*() {
      const size = yield* catalogSize.pipe(Effect.provide(CatalogLive), withEnv({ CATALOG_PATH: fixturePath }))
      expect(size).toBe(fixtureItems.length)
    }))

  it.effect("fails with the file, the line and the field when a line is bad", () =>
    Effect.gen(function*() {
      const good = JSON.stringify(fixtureItems[0])
      const bad = JSON.stringify({ ...fixtureItems[1], categories: [] })
      const path = tempFile(`${good}\n${bad}\n`)
      const error = yield* catalogSize.pipe(Effect.provide(CatalogLive), withEnv({ CATALOG_PATH: path }), Effect.flip)
      expect(error._tag).toBe("CatalogError")
      expect(error.message).toBe(`${path}: catalog line 2: categories must name at least one category`)
    }))

  it.effect("fails when the file cannot be read or has no items", () =>
    Effect.gen(function*() {
      const missing = yield* catalogSize.pipe(Effect.provide(CatalogLive), withEnv({ CATALOG_PATH: "/nonexistent/x.jsonl" }), Effect.flip)
      expect(missing.message).toContain("/nonexistent/x.jsonl: cannot read the catalog")
      const empty = yield* catalogSize.pipe(Effect.provide(CatalogLive), withEnv({ CATALOG_PATH: tempFile("\n\n") }), Effect.flip)
      expect(empty.message).toContain("the catalog has no items")
    }))

  it("resolves the shipped catalog from the package root", () => {
    expect(defaultCatalogPath()).toBe(shippedPath)
  })

  it.effect.skipIf(!shippedExists)("loads the shipped catalog when CATALOG_PATH is unset", () =>
    Effect.gen(function*() {
      const size = yield* catalogSize.pipe(Effect.provide(CatalogLive), withEnv({}))
      expect(size).toBeGreaterThanOrEqual(400)
    }))
})

const requestOf = (analysis: Analysis, visited: ReadonlyArray<string> = []): LlmRequest => ({
  analysis,
  view: { userPseudonym: undefined, sites: visited.map((url) => ({ url, host: "", title: undefined })), queries: [] },
  contentType: { _tag: "Known", value: "general" },
  period: "any",
  candidates: [],
  deadline: Option.none()
})

const answer = (request: LlmRequest) =>
  Effect.flatMap(Llm, (llm) => Stream.runCollect(llm.stream(request))).pipe(
    Effect.map(Chunk.toReadonlyArray),
    Effect.provide(LlmCatalogLive),
    Effect.provide(layerFromItems(fixtureItems))
  )

describe("LlmCatalogLive", () => {
  it.effect("streams five numbered items, one chunk each, from the catalog provider", () =>
    Effect.gen(function*() {
      const chunks = yield* answer(requestOf(developer))
      expect(chunks).toHaveLength(5)
      chunks.forEach((chunk, i) => {
        expect(chunk.provider).toBe("catalog")
        expect(chunk.text).toMatch(new RegExp(`^${i + 1}\\. .+ — https?://\\S+\\n   .+\\n$`))
      })
      const urls = new Set(fixtureItems.map((item) => item.url))
      for (const chunk of chunks) expect(urls.has(chunk.text.split(" — ")[1]?.split("\n")[0] ?? "")).toBe(true)
    }))

  it.effect("answers in Korean for a Korean user and in English otherwise", () =>
    Effect.gen(function*() {
      const ko = yield* answer(requestOf(koreanCook))
      expect(ko.every((chunk) => /입니다/.test(chunk.text))).toBe(true)
      const en = yield* answer(requestOf(analysisOf({ language: "en" })))
      expect(en.every((chunk) => /^\d\. .*\n   [A-Z].*\.\n$/s.test(chunk.text))).toBe(true)
    }))

  it.effect("leaves out the pages in the sanitized view", () =>
    Effect.gen(function*() {
      const first = yield* answer(requestOf(developer))
      const visited = first.map((chunk) => chunk.text.split(" — ")[1]?.split("\n")[0] ?? "")
      const next = yield* answer(requestOf(developer, visited))
      expect(next.length).toBeGreaterThan(0)
      for (const chunk of next) for (const url of visited) expect(chunk.text).not.toContain(` — ${url}\n`)
    }))
})
