/**
 * The catalog from a JSON Lines file: `CATALOG_PATH` when set (an operator's
 * own inventory), else the shipped `catalog/default.jsonl`. Decoded and
 * indexed once; a bad line fails the Layer, so the start stops with a message
 * naming the file, the line and the field.
 */
import { existsSync } from "node:fs"
import { readFile } from "node:fs/promises"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { Config, type ConfigError, Effect, Either, Layer, Option } from "effect"
import { CatalogError } from "../domain/catalog/errors.js"
import { buildIndex, type IndexOptions } from "../domain/catalog/index.js"
import type { CatalogItem } from "../domain/catalog/item.js"
import { parseCatalog } from "../domain/catalog/parse.js"
import { rank, rankItems } from "../domain/catalog/rank.js"
import { taxonomyById } from "../domain/taxonomy/index.js"
import { Catalog, type CatalogService } from "../services/Catalog.js"

/** Candidates an LLM prompt gets when the caller does not say. */
export const defaultCandidateLimit = 10

/** The taxonomy's tree, so an item under "Cooking" also answers an interest in "Food & Drink". */
export const taxonomyIndexOptions: IndexOptions = { parentOf: (id) => taxonomyById(id)?.parent }

/** The service over items already decoded: the index is built here, once. */
export const catalogFromItems = (
  items: ReadonlyArray<CatalogItem>,
  options: IndexOptions = taxonomyIndexOptions
): CatalogService => {
  const index = buildIndex(items, options)
  return Catalog.of({
    size: items.length,
    recommend: (query) => rank(index, query),
    candidates: ({ limit, ...query }) =>
      rankItems(index, { ...query, k: limit ?? defaultCandidateLimit })
  })
}

/**
 * The package root (the folder with package.json) seen from this file, so
 * the default catalog is found from src/ (tsx) and from dist/ (tsc) alike.
 */
const packageRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir
    const parent = dirname(dir)
    if (parent === dir) return process.cwd()
    dir = parent
  }
}

export const defaultCatalogPath = (): string => join(packageRoot(), "catalog", "default.jsonl")

/** Reads, decodes and checks one catalog file. */
export const loadCatalog = Effect.fn("Catalog.load")(function*(path: string) {
  const text = yield* Effect.tryPromise({
    try: () => readFile(path, "utf8"),
    catch: (cause) =>
      new CatalogError({ path, reason: `cannot read the catalog (${cause instanceof Error ? cause.message : String(cause)})` })
  })
  const parsed = parseCatalog(text)
  if (Either.isLeft(parsed)) {
    const { line, field, reason } = parsed.left
    return yield* new CatalogError({ path, reason, ...(line === undefined ? {} : { line }), ...(field === undefined ? {} : { field }) })
  }
  if (parsed.right.length === 0) return yield* new CatalogError({ path, reason: "the catalog has no items" })
  return parsed.right
})

/** Which file: `CATALOG_PATH` (relative to the working directory) or the shipped default. */
export const catalogPathConfig: Config.Config<string> = Config.option(Config.string("CATALOG_PATH")).pipe(
  Config.map(Option.match({
    onNone: defaultCatalogPath,
    onSome: (path) => (path.trim() === "" ? defaultCatalogPath() : resolve(path))
  }))
)

export const make = (options: IndexOptions = taxonomyIndexOptions): Effect.Effect<CatalogService, CatalogError | ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const path = yield* catalogPathConfig
    const items = yield* loadCatalog(path)
    const service = catalogFromItems(items, options)
    yield* Effect.logInfo("catalog loaded").pipe(Effect.annotateLogs({ path, items: service.size }))
    return service
  })

export const CatalogLive: Layer.Layer<Catalog, CatalogError | ConfigError.ConfigError> = Layer.effect(Catalog, make())

/** A catalog of the given items (tests, benchmarks, embedding). */
export const layerFromItems = (items: ReadonlyArray<CatalogItem>, options: IndexOptions = taxonomyIndexOptions): Layer.Layer<Catalog> =>
  Layer.sync(Catalog, () => catalogFromItems(items, options))
