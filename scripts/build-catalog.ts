/**
 * Assembles catalog/parts/*.jsonl (in name order) into catalog/default.jsonl,
 * the catalog the service ships with, after validating every line.
 *   npm run catalog:build            write default.jsonl
 *   npm run catalog:build -- --check exit 1 when default.jsonl is stale
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Either } from "effect"
import { assembleCatalog } from "../src/domain/catalog/assemble.js"
import { parseCatalog } from "../src/domain/catalog/parse.js"

const root = fileURLToPath(new URL("..", import.meta.url))
const partsDir = join(root, "catalog", "parts")
const target = join(root, "catalog", "default.jsonl")
const check = process.argv.includes("--check")

const names = readdirSync(partsDir).filter((name) => name.endsWith(".jsonl")).sort()
const assembled = assembleCatalog(names.map((name) => ({ name, text: readFileSync(join(partsDir, name), "utf8") })))

if (Either.isLeft(assembled)) {
  console.error(`catalog:build: ${assembled.left.message}`)
  process.exit(1)
}
const text = assembled.right
const items = Either.getOrThrow(parseCatalog(text))
const languages = new Map<string, number>()
for (const item of items) languages.set(item.language, (languages.get(item.language) ?? 0) + 1)
const summary = `${items.length} items from ${names.join(", ")} (${[...languages].map(([l, n]) => `${l} ${n}`).join(", ")}), ` +
  `${new Set(items.flatMap((item) => item.categories)).size} categories`

if (check) {
  const current = existsSync(target) ? readFileSync(target, "utf8") : ""
  if (current !== text) {
    console.error("catalog:build: catalog/default.jsonl is not up to date with catalog/parts: run npm run catalog:build")
    process.exit(1)
  }
  console.log(`catalog/default.jsonl is up to date: ${summary}`)
} else {
  writeFileSync(target, text)
  console.log(`wrote catalog/default.jsonl: ${summary}`)
}
