import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc, Option } from "effect"
import type { BrowserContext } from "../../src/domain/context.js"
import { pseudonymize, sanitizeForPrompt, sanitizeLimits } from "../../src/domain/sanitize.js"
import { browserContext } from "./arbitraries.js"
import { loadContext } from "./fixtures.js"

const email = /[^\s@]+@[^\s@]+\.[^\s@]+/u

describe("sanitizeForPrompt", () => {
  const context: BrowserContext = {
    visited_sites: [
      {
        url: "https://mail.example.com/u/0/inbox/FMfcgzQXJWDsKmhBvVcvLcZqPMRwzTfw?compose=new#inbox",
        title: "Inbox (3) - jane.doe@example.com - Example Mail",
        duration_s: 30
      },
      {
        url: "https://shop.example.co.kr/orders/550e8400-e29b-41d4-a716-446655440000/receipt?token=abc",
        title: "주문 확인: 010-1234-5678 로 연락드립니다",
        duration_s: 10
      },
      { url: "https://github.com/jane-doe-42/dotfiles/blob/9fceb02d0ae598e95dc970b74767f19372d61af8/README.md", title: "jane-doe-42/dotfiles" }
    ],
    search_queries: ["my email is jane.doe@example.com?", "call +82 10 9876 5432", "https://evil.example/?session=secret"]
  }

  it("drops query strings, fragments and id-like segments from URLs", () => {
    const view = sanitizeForPrompt(context, "jane-doe-42", Option.none())
    expect(view.sites.map((site) => site.url)).toEqual([
      "https://mail.example.com/u/inbox",
      "https://shop.example.co.kr/orders/receipt",
      "https://github.com/dotfiles/blob/README.md"
    ])
  })

  it("masks emails, phone numbers, embedded URLs' queries and the user id in titles and queries", () => {
    const view = sanitizeForPrompt(context, "jane-doe-42", Option.none())
    expect(view.sites.map((site) => site.title)).toEqual([
      "Inbox (3) - [email] - Example Mail",
      "주문 확인: [phone] 로 연락드립니다",
      "[user]/dotfiles"
    ])
    expect(view.queries).toEqual(["my email is [email]", "call [phone]", "https://evil.example/"])
  })

  it("pseudonymizes the user id with the key, and leaves it out without one", () => {
    const keyed = sanitizeForPrompt(context, "user-1", Option.some("secret"))
    expect(keyed.userPseudonym).toBe(pseudonymize("user-1", "secret"))
    expect(keyed.userPseudonym).toMatch(/^[0-9a-f]{32}$/)
    expect(sanitizeForPrompt(context, "user-1", Option.some("other")).userPseudonym).not.toBe(keyed.userPseudonym)
    expect(sanitizeForPrompt(context, "user-1", Option.none()).userPseudonym).toBeUndefined()
  })

  it("keeps the most relevant sites first, and at most 20 sites and 20 queries", () => {
    const many: BrowserContext = {
      visited_sites: Array.from({ length: 40 }, (_, i) => ({ url: `https://example.org/page-${String.fromCharCode(97 + (i % 26))}${i}x`, duration_s: i })),
      search_queries: Array.from({ length: 30 }, (_, i) => `query ${i}`)
    }
    const view = sanitizeForPrompt(many, "user-1", Option.none())
    expect(view.sites).toHaveLength(sanitizeLimits.maxSites)
    expect(view.sites[0]?.url).toBe("https://example.org/page-n39x")
    expect(view.queries).toEqual(Array.from({ length: 20 }, (_, i) => `query ${i + 10}`))
  })

  it("caps long titles", () => {
    const view = sanitizeForPrompt({ visited_sites: [{ url: "https://a.org/", title: "가".repeat(500) }], search_queries: [] }, "u-1", Option.none())
    expect(Array.from(view.sites[0]?.title ?? "").length).toBe(sanitizeLimits.maxTextLength)
  })

  it("keeps a realistic context readable", () => {
    const view = sanitizeForPrompt(loadContext("korean-cooking-fan"), "cook-1", Option.some("k"))
    expect(view.sites[0]?.title).toBeDefined()
    expect(view.queries).toContain("김치찌개 황금레시피")
  })

  it.prop(
    "never contains an email, a query string or the raw user id, whatever the input",
    [
      browserContext,
      fc.stringMatching(/^[a-z][a-z0-9_-]{5,15}$/),
      fc.option(fc.string({ minLength: 1 }), { nil: undefined })
    ],
    ([context, userId, key]) => {
      // The user id also appears in the context itself: in a URL, a title and a query.
      const withId: BrowserContext = {
        ...context,
        visited_sites: [
          ...context.visited_sites,
          { url: `https://example.org/users/${userId}/settings?user=${userId}`, title: `${userId}'s profile` }
        ],
        search_queries: [...context.search_queries, `${userId.toUpperCase()} mail ${userId}@example.com`]
      }
      const view = sanitizeForPrompt(withId, userId, Option.fromNullable(key))
      const json = JSON.stringify(view)
      expect(json.toLowerCase()).not.toContain(userId.toLowerCase())
      expect(json).not.toContain("?")
      for (const site of view.sites) {
        expect(site.url).not.toContain("#")
        expect(site.url).not.toMatch(email)
        if (site.title !== undefined) expect(site.title).not.toMatch(email)
      }
      for (const query of view.queries) expect(query).not.toMatch(email)
      expect(view.sites.length).toBeLessThanOrEqual(sanitizeLimits.maxSites)
      expect(view.queries.length).toBeLessThanOrEqual(sanitizeLimits.maxQueries)
    },
    { fastCheck: { numRuns: 300 } }
  )

  it("leaves out a site whose URL has no host or makes no valid https URL, instead of failing the call", () => {
    // These threw "Invalid URL" (an opaque host re-read as https, an empty host): the call would have failed.
    const odd = ["foo://a%zz/x", "foo://%00/", "foo://a%2fb/c", "foo://xn--a/", "https://a@./", "https://./x"]
    const view = sanitizeForPrompt({
      visited_sites: [...odd.map((url) => ({ url, duration_s: 600 })), { url: "https://github.com/effect-ts/effect", duration_s: 30 }],
      search_queries: []
    }, "user-1", Option.none())
    expect(view.sites).toEqual([{ url: "https://github.com/effect-ts/effect", host: "github.com", title: undefined }])
  })
})
