/**
 * End to end privacy of what leaves the process: a raw browser context full
 * of emails, query strings and the user's id goes through the real analysis,
 * the sanitizer and the prompt builder, and the request body the fake
 * upstream records holds none of them.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted, Stream } from "effect"
import { analyzeBrowsingPattern } from "../../src/domain/analysis/index.js"
import { decodeBrowserContext } from "../../src/domain/context.js"
import { buildPrompt } from "../../src/domain/prompt.js"
import { sanitizeForPrompt } from "../../src/domain/sanitize.js"
import { makeOpenAiCompatible } from "../../src/layers/LlmOpenAi.js"
import type { LlmRequest } from "../../src/services/Llm.js"
import { FakeOpenAi, startFakeOpenAi } from "../support/fakeOpenAi.js"

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
}

describe("privacy of the prompt, from a raw context (sanitizeForPrompt + analysis)", () => {
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
