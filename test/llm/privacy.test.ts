/**
 * Privacy of what leaves the process and of what is kept: a raw browser
 * context full of e-mail addresses, phone numbers, ids, tokens, query
 * strings and the user's id goes through the real analysis, the sanitizer
 * and the prompt builder; neither the Analysis (its topics), nor the cached
 * value, nor the prompt, nor the request body the fake upstream records holds
 * any of them, nor any run of four of their letters or digits that is not an
 * ordinary word of the context (test/support/planted.ts).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Option, Redacted, Stream } from "effect"
import { analyzeBrowsingPattern } from "../../src/domain/analysis/index.js"
import { contextKey } from "../../src/domain/canonical.js"
import { type BrowserContext, decodeBrowserContext } from "../../src/domain/context.js"
import { buildPrompt } from "../../src/domain/prompt.js"
import { sanitizeForPrompt } from "../../src/domain/sanitize.js"
import { layer as memoryCache } from "../../src/layers/CacheMemory.js"
import { makeOpenAiCompatible } from "../../src/layers/LlmOpenAi.js"
import { cachedAnalysis } from "../../src/pipeline/cachedAnalysis.js"
import { Cache } from "../../src/services/Cache.js"
import type { LlmRequest } from "../../src/services/Llm.js"
import { FakeOpenAi, startFakeOpenAi } from "../support/fakeOpenAi.js"
import { leaks, ordinaryContext, personalData, place, plant, type Planting, stringsOf, user } from "../support/planted.js"

const userId = "jiwoo.park-7731"
const emails = ["jiwoo.park@gmail.com", "hr-team@acme-corp.co.kr", "bob+news@example.org"]

const rawContext = JSON.stringify({
  visited_sites: [
    { url: `https://mail.google.com/mail/u/0/?authuser=${emails[0]}#inbox/FMfcgzQXJ`, title: `Inbox (12) - ${emails[0]} - Gmail`, duration_s: 300 },
    { url: `https://github.com/${userId}/dotfiles?tab=readme&token=ghp_secret123`, title: `${userId}/dotfiles: my config`, duration_s: 600 },
    { url: "https://www.coupang.com/vp/products/123?itemId=456&vendorItemId=789&q=노트북", title: "노트북 추천 - 쿠팡", duration_s: 120 },
    { url: `https://accounts.example.com/reset?email=${encodeURIComponent(emails[1] ?? "")}&session=abcdef`, title: `Reset password for ${emails[1]}`, duration_s: 30 },
    { url: "https://effect.website/docs/stream?utm_source=newsletter&utm_campaign=x", title: "Stream | Effect", duration_s: 900 }
  ],
  search_queries: [
    `${emails[2]} newsletter unsubscribe`,
    `${userId} github`,
    "typescript effect stream tutorial"
  ],
  time_spent: { "github.com": 600, "effect.website": 900 }
})

const buildRequest = Effect.gen(function*() {
  const context = yield* decodeBrowserContext(rawContext)
  const analysis = yield* analyzeBrowsingPattern(context, userId)
  const view = sanitizeForPrompt(context, userId, Option.some("a-test-hmac-key"))
  const request: LlmRequest = {
    analysis,
    view,
    contentType: { _tag: "Known", value: "technical" },
    period: "recent",
    candidates: [],
    deadline: Option.none()
  }
  return request
})

const assertPrivate = (text: string, pseudonym: string | undefined) => {
  for (const email of emails) expect(text).not.toContain(email)
  expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/)
  expect(text).not.toContain(userId)
  if (pseudonym !== undefined) expect(text).not.toContain(pseudonym)
  for (const secret of ["authuser", "ghp_secret123", "token=", "itemId", "session=", "utm_source", "FMfcgzQXJ"]) {
    expect(text).not.toContain(secret)
  }
  expect(text).not.toMatch(/https?:\/\/[^\s"]*\?/) // no URL with a query string
  // Nor any piece of them: the local parts of the e-mail addresses, the user id's words.
  for (const piece of ["jiwoo", "hr-team", "bob+news", "7731", "secret123"]) expect(text.toLowerCase()).not.toContain(piece)
}

describe("privacy of the prompt, from a raw context (sanitizeForPrompt + analysis)", () => {
  it.effect("no topic is made of an e-mail address, a phone number, an id, a token or the user id", () =>
    Effect.gen(function*() {
      const context: BrowserContext = {
        visited_sites: [
          { url: "https://mail.google.com/mail/u/0/", title: "Inbox - jane.doe@example.org - Gmail", duration_s: 300 },
          { url: "https://example.com/a", title: "Call 010-1234-5678 or +82 10 9876 5432 today", duration_s: 60 },
          { url: "https://example.com/b", title: "token ghp_16C7e42F292c6912E7710c838347Ae178B4a and 9f86d081884c7d659a2feaa0c55ad015", duration_s: 60 },
          { url: "https://github.com/jiwoo.park-7731/dotfiles", title: "jiwoo.park-7731/dotfiles", duration_s: 60 },
          { url: "https://example.com/c", title: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", duration_s: 60 }
        ],
        search_queries: ["jane.doe@example.org", "shop.example.com/orders?session=a8f3kq92", "jiwoo 900101-1234567"],
        time_spent: { "jane.doe@example.org": 300, "010-1234-5678": 60, "github.com": 60 }
      }
      const analysis = yield* analyzeBrowsingPattern(context, "jiwoo.park@example.net")
      const terms = analysis.topics.map((topic) => topic.term)
      for (const bad of ["jane.doe", "jane", "doe", "example.org", "example", "1234", "ghp", "eyjhbgcioijiuzi1nij9", "session", "a8f3kq92", "jiwoo", "park", "7731"]) {
        expect(terms).not.toContain(bad)
      }
      expect(JSON.stringify(terms)).not.toMatch(/jane|jiwoo|doe|5678|ghp_|eyj|a8f3/)
      // Ordinary words still count.
      expect(terms).toContain("dotfiles")
    }))

  it.effect("the rendered prompt holds no email, query string, user id or pseudonym", () =>
    Effect.gen(function*() {
      const request = yield* buildRequest
      const { system, user } = buildPrompt(request)
      assertPrivate(`${system}\n${user}`, request.view.userPseudonym)
      // and it still carries the useful part
      expect(user).toContain("effect.website")
      expect(user).toContain("typescript effect stream tutorial")
    }))

  it.scopedLive("the request body that reaches the upstream holds none of them either", () =>
    Effect.gen(function*() {
      const fake = yield* Effect.acquireRelease(
        Effect.promise(() => startFakeOpenAi()),
        (fake) => Effect.promise(() => fake.close())
      )
      fake.script(FakeOpenAi.text(["ok"]))
      const service = yield* makeOpenAiCompatible({
        name: "openai",
        flavor: "openai",
        apiKey: Redacted.make("sk-test"),
        baseURL: fake.baseURL,
        model: "m",
        maxTokens: 100,
        temperature: 0.7,
        firstTokenTimeout: "5 seconds",
        idleTimeout: "5 seconds"
      })
      const request = yield* buildRequest
      yield* Stream.runDrain(service.stream(request))
      const [recorded] = fake.requests
      expect(recorded).toBeDefined()
      assertPrivate(decodeURIComponent(recorded?.rawBody ?? ""), request.view.userPseudonym)
      expect(Object.keys(recorded?.body ?? {})).not.toContain("user")
    }))
})

describe("privacy of everything derived from a context, for any personal data planted anywhere", () => {
  const pseudonymKey = "a-test-hmac-key"

  /** The analysis (as cached), the cached value and the prompt, as text. */
  const outputsOf = (context: BrowserContext, userId: string) =>
    Effect.gen(function*() {
      const analysis = yield* cachedAnalysis(context, userId)
      const cache = yield* Cache
      const stored = yield* cache.get("analysis", contextKey(context, userId))
      const view = sanitizeForPrompt(context, userId, Option.some(pseudonymKey))
      const prompt = buildPrompt({
        analysis,
        view,
        contentType: { _tag: "Known", value: "general" },
        period: "any",
        candidates: [],
        deadline: Option.none()
      })
      return {
        analysis: stringsOf(analysis).join("\n"),
        cached: Option.match(stored, { onNone: () => "", onSome: (text) => stringsOf(JSON.parse(text)).join("\n") }),
        prompt: `${prompt.system}\n${prompt.user}`,
        hasCached: Option.isSome(stored)
      }
    }).pipe(Effect.provide(memoryCache()))

  it.effect.prop(
    "none of it, nor four letters or digits of it, is in the Analysis, the cached value or the prompt",
    [ordinaryContext, fc.array(fc.record({ piece: personalData, place }), { minLength: 1, maxLength: 6 }), user, fc.array(place, { minLength: 1, maxLength: 3 })],
    ([base, plantings, planted, userPlaces]) =>
      Effect.gen(function*() {
        const userPlantings: Array<Planting> = userPlaces.map((where, i) => {
          const form = planted.forms[i % planted.forms.length] ?? planted.userId
          return { piece: { kind: "user id", text: form, secrets: [form], ordinary: "" }, place: where }
        })
        const all = [...plantings, ...userPlantings]
        const context = plant(base, all)
        const scaffold = plant(base, all.map(({ place }) => ({ piece: { kind: "", text: "", secrets: [], ordinary: "" }, place })))
        const baseline = yield* outputsOf(base, planted.userId)
        const ordinary = [
          JSON.stringify(scaffold), baseline.analysis, baseline.prompt, ...all.map(({ piece }) => piece.ordinary)
        ].join("\n")
        const secrets = [...all.flatMap(({ piece }) => piece.secrets), planted.userId]
        const outputs = yield* outputsOf(context, planted.userId)
        expect(outputs.hasCached).toBe(true)
        expect({
          analysis: leaks(outputs.analysis, secrets, ordinary),
          cached: leaks(outputs.cached, secrets, ordinary),
          prompt: leaks(outputs.prompt, secrets, ordinary)
        }).toEqual({ analysis: [], cached: [], prompt: [] })
      }),
    // A fixed seed keeps CI's verdict repeatable; PRIVACY_SEED explores others.
    { fastCheck: { numRuns: 200, seed: Number(process.env["PRIVACY_SEED"] ?? 20_261_202) } }
  )
})
