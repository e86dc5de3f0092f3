/**
 * The context decoder's hand-written fast path must give exactly what the
 * Schema gives, and leave every refusal (and its sentence) to the Schema.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, FastCheck as fc, Schema } from "effect"
import { BrowserContext, decodeBrowserContext } from "../../src/domain/context.js"
import { browserContext } from "./arbitraries.js"

const bySchema = Schema.decodeUnknownEither(BrowserContext, { errors: "first", onExcessProperty: "ignore" })

// No size or count limits here: the Schema has none, and the generated contexts may be large.
const unlimited = { maxBytes: Number.POSITIVE_INFINITY, maxSites: Number.POSITIVE_INFINITY, maxQueries: Number.POSITIVE_INFINITY }
const decode = (text: string) => Effect.runSync(Effect.either(decodeBrowserContext(text, unlimited)))

/** Values of every JSON kind, for fields where the shape is wrong as often as right. */
const anyJson = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1.5, "", "https://a.com", "2025-03-10T09:00:00Z", "not a date", 1_741_600_000_000),
  fc.string({ maxLength: 8 }),
  fc.array(fc.constantFrom(1, "x", null), { maxLength: 2 }),
  fc.dictionary(fc.constantFrom("a", "__proto__", "github.com"), fc.constantFrom(1, -1, "x", 0), { maxKeys: 2 })
)

/** A valid context with one field replaced by any JSON value (often still valid, often not). */
const nearlyValid = fc.tuple(browserContext, fc.nat(), fc.constantFrom("url", "title", "visited_at", "duration_s", "extra"), fc.nat(), anyJson)
  .map(([context, where, field, index, value]) => {
    const json = JSON.parse(JSON.stringify(context)) as Record<string, any>
    const sites = json["visited_sites"] as Array<Record<string, unknown>>
    switch (where % 6) {
      case 0:
        if (sites.length > 0) sites[index % sites.length]![field] = value
        else json["visited_sites"] = [{ [field]: value }]
        break
      case 1:
        json["search_queries"] = [...json["search_queries"], value]
        break
      case 2:
        json["time_spent"] = { ...json["time_spent"], [`h${index % 3}.com`]: value }
        break
      case 3:
        json[["visited_sites", "search_queries", "time_spent"][index % 3]!] = value
        break
      case 4:
        json["visited_sites"] = [...sites, value]
        break
      default:
        json[field] = value
    }
    return json
  })

describe("decodeBrowserContext", () => {
  it.prop("valid contexts (with extra fields) decode exactly as the Schema decodes them", [browserContext, anyJson], ([context, extra]) => {
    const withExtras = {
      ...context,
      extra,
      visited_sites: context.visited_sites.map((site) => ({ ...site, extra, visited_at: site.visited_at === undefined ? undefined : new Date(site.visited_at).toISOString() }))
    }
    const text = JSON.stringify(withExtras)
    const schema = bySchema(JSON.parse(text))
    expect(Either.isRight(schema)).toBe(true)
    expect(decode(text)).toStrictEqual(schema)
  })

  it.prop("any JSON object: accepted exactly when the Schema accepts it, with its result or its sentence", [nearlyValid], ([value]) => {
    const text = JSON.stringify(value)
    const result = decode(text)
    const schema = bySchema(JSON.parse(text))
    expect(Either.isRight(result)).toBe(Either.isRight(schema))
    if (Either.isRight(result) && Either.isRight(schema)) expect(result.right).toStrictEqual(schema.right)
    if (Either.isLeft(result)) expect(result.left.reason).toMatch(/^browser_context.* .+\.$/)
  }, { fastCheck: { numRuns: 1_000 } })

  it("unknown fields nested deeper than 64 levels are refused, also around a valid context", () => {
    const deep = `${"[".repeat(100)}${"]".repeat(100)}`
    const result = decode(`{"visited_sites":[{"url":"https://a.com","x":${deep}}],"search_queries":[]}`)
    expect(result).toStrictEqual(Either.left(expect.objectContaining({ reason: "browser_context nests deeper than 64 levels." })))
  })

  it("a __proto__ key in time_spent stays an ordinary key", () => {
    const result = decode('{"visited_sites":[],"search_queries":[],"time_spent":{"__proto__":5,"a.com":1}}')
    const schema = bySchema(JSON.parse('{"visited_sites":[],"search_queries":[],"time_spent":{"__proto__":5,"a.com":1}}'))
    expect(result).toStrictEqual(schema)
  })
})
