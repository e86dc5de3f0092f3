/**
 * The browser edge's settings: HTTP_PORT (a port, 0, or off), the CORS
 * allow-list (exact origins only) and the playground switch; a bad value is
 * a failed start naming the variable.
 */
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either, Option } from "effect"
import { httpEdgeConfig } from "../../src/web/config.js"
import { failedStart } from "../support/process.js"

const read = (env: Record<string, string>) =>
  Effect.either(Effect.withConfigProvider(httpEdgeConfig, ConfigProvider.fromMap(new Map(Object.entries(env)))))

describe("HTTP edge settings", () => {
  it.effect("defaults: port 8080 on every interface, no CORS origin, the playground on", () =>
    Effect.gen(function*() {
      const options = yield* read({})
      expect(options).toEqual(Either.right(Option.some({ host: "0.0.0.0", port: 8080, corsOrigins: [], playground: true })))
    }))

  it.effect("HTTP_PORT=off turns the edge off; 0 picks a free port", () =>
    Effect.gen(function*() {
      expect(yield* read({ HTTP_PORT: "off" })).toEqual(Either.right(Option.none()))
      expect(yield* read({ HTTP_PORT: "0" })).toEqual(
        Either.right(Option.some({ host: "0.0.0.0", port: 0, corsOrigins: [], playground: true }))
      )
    }))

  it.effect("an allow-list of exact origins, and HTTP_PLAYGROUND=off", () =>
    Effect.gen(function*() {
      const options = yield* read({
        HTTP_CORS_ORIGINS: "https://app.example.com, http://localhost:3000",
        HTTP_PLAYGROUND: "off"
      })
      expect(options).toEqual(Either.right(Option.some({
        host: "0.0.0.0",
        port: 8080,
        corsOrigins: ["https://app.example.com", "http://localhost:3000"],
        playground: false
      })))
    }))

  it.effect("refuses a bad port, an origin with a path or a wildcard, and a bad switch", () =>
    Effect.gen(function*() {
      for (
        const env of [
          { HTTP_PORT: "80800" },
          { HTTP_PORT: "http" },
          { HTTP_CORS_ORIGINS: "https://app.example.com/" },
          { HTTP_CORS_ORIGINS: "*" },
          { HTTP_PLAYGROUND: "maybe" }
        ]
      ) {
        const result = yield* read(env)
        expect(Either.isLeft(result), JSON.stringify(env)).toBe(true)
        expect(String(Either.isLeft(result) ? result.left : "")).toContain(Object.keys(env)[0]!)
      }
    }))

  it("a bad HTTP_PORT stops the start with one line naming it", async () => {
    const { code, stderr } = await failedStart({ HTTP_PORT: "eighty" })
    expect(code).toBe(1)
    expect(stderr.trim().split("\n")).toHaveLength(1)
    expect(stderr).toContain("HTTP_PORT")
  }, 60_000)
})
