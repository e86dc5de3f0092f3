/**
 * The masking of personal data (text/personal.ts), the caps (text/caps.ts),
 * and the one-pass scanners that replaced backtracking regexes: the same
 * answers as the regexes on short inputs, found by properties.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { splitCamelCase } from "../../src/domain/analysis/path.js"
import { splitTitle } from "../../src/domain/analysis/title.js"
import { capText } from "../../src/domain/text/caps.js"
import { maskEmails, personalMask } from "../../src/domain/text/personal.js"

const mask = personalMask("jiwoo.park@example.net")
const placeholder = (text: string) => mask.text(text, "placeholder")

describe("personal data masking", () => {
  it.each([
    ["Inbox - jane.doe@example.org - Gmail", "Inbox - [email] - Gmail"],
    ["mail jane.doe＠example.org now", "mail [email] now"],
    ["write to <bob+news@mail.co.kr>.", "write to <[email]>."],
    ["call 010-1234-5678", "call [phone]"],
    ["call 010‐1234‐5678 or 010–1234–5678 or 010－1234－5678", "call [phone] or [phone] or [phone]"],
    ["call +82 10 1234 5678 today", "call [phone] today"],
    ["call +82 (0)10-1234-5678", "call [phone]"],
    ["call 010.1234.5678 now", "call [phone] now"],
    ["call 010/1234/5678 now", "call [phone] now"],
    ["call 010_1234_5678 now", "call [phone] now"],
    ["(555) 123-4567", "([phone]"],
    ["주민번호 900101-1234567 입력", "주민번호 [id] 입력"],
    ["주민번호 900101 - 1234567 입력", "주민번호 [id] - [id] 입력"],
    ["card 4111 1111 1111 1111 ok", "card [phone] ok"],
    ["token ghp_16C7e42F292c6912E7710c838347Ae178B4a", "token [id]"],
    ["key sk-proj-abcDEF123456", "key [id]"],
    ["jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "jwt [id]"],
    ["commit 9fceb02d0ae598e95dc970b74767f19372d61af8", "commit [id]"],
    ["order 550e8400-e29b-41d4-a716-446655440000", "order [id]"],
    ["video dQw4w9WgXcQ", "video [id]"],
    ["see https://shop.example.com/orders/12345/receipt?token=abc#top", "see https://shop.example.com/orders/receipt"],
    ["see shop.example.com/orders?session=a8f3kq92 please", "see shop.example.com/orders please"],
    ["?token=abc123&lang=en", "?[id]"],
    ["hi jiwoo.park@example.net", "hi [user]"],
    ["JIWOO.PARK wrote", "[user] wrote"],
    ["Jiwoo Park's page", "[user] [user] page"],
    // Handles too (and, over-cautiously, scoped package names).
    ["by @devkim", "by [id]"]
  ])("%s → %s", (input, expected) => {
    expect(placeholder(input)).toBe(expected)
  })

  it.each([
    "2024년 최고의 김치찌개 레시피",
    "Python 3.12 release notes",
    "도쿄 여행 코스 3박4일",
    "React 18 tutorial",
    "Node.js에서 gRPC 서버 스트리밍 구현하기",
    "effect-ts/effect: build robust apps",
    "c++ and c# in 2025",
    "기준금리 2.75%로 인하",
    "E=mc² explained",
    "marathon training plan 12 weeks"
  ])("keeps ordinary text: %s", (text) => {
    expect(placeholder(text)).toBe(text.normalize("NFKC"))
  })

  it("masks with blanks for the analysis, so a masked word is no topic", () => {
    expect(mask.text("Inbox - jane.doe@example.org - Gmail", "blank")).toBe("Inbox -   - Gmail")
    expect(mask.text("call 010-1234-5678", "blank")).toBe("call  ")
  })

  it("knows the user id and the pieces of an e-mail id's local part", () => {
    expect(mask.mentionsUser("jiwoo.park")).toBe(true)
    expect(mask.mentionsUser("Park")).toBe(true)
    expect(mask.mentionsUser("jiwoo-blog")).toBe(true)
    expect(mask.mentionsUser("parking")).toBe(false)
    expect(mask.mentionsUser("example.net")).toBe(false)
    const handle = personalMask("kim-7731")
    expect(handle.text("kim-7731/dotfiles", "placeholder")).toBe("[user]/dotfiles")
    // A handle's pieces are not masked alone: "kim" is a common name and word.
    expect(handle.mentionsUser("kim")).toBe(false)
  })

  it("masks e-mail addresses in prompt text without touching package names", () => {
    expect(maskEmails("from jane@example.org and @effect/platform")).toBe("from [email] and @effect/platform")
  })
})

describe("caps", () => {
  it.prop("a capped text is at most the cap, a prefix, never half a surrogate pair, and capping twice changes nothing", [fc.string16bits({ maxLength: 400 }), fc.integer({ min: 1, max: 300 })], ([text, max]) => {
    const capped = capText(text, max)
    expect(capped.length).toBeLessThanOrEqual(max)
    expect(text.startsWith(capped)).toBe(true)
    if (capped.length < text.length && capped.length > 0) {
      const last = capped.charCodeAt(capped.length - 1)
      const next = text.charCodeAt(capped.length)
      expect(last >= 0xd800 && last <= 0xdbff && next >= 0xdc00 && next <= 0xdfff).toBe(false)
    }
    expect(capText(capped, max)).toBe(capped)
  })

  it("cuts at a space, not inside a word that could be half an address", () => {
    expect(capText(`${"word ".repeat(60)}jane.doe@example.org`, 300)).toBe(`${"word ".repeat(60)}`.slice(0, 299))
  })
})

describe("scanners that replaced backtracking regexes give the regexes' answers", () => {
  const oldSeparator = /\s+[-|:·—–»›]\s+|\s*\|\s*|\s+::\s+/u
  const oldCamel = (word: string): string =>
    !/[A-Z]/.test(word) ? word : word.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")

  const from = (alphabet: ReadonlyArray<string>) =>
    fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }).map((parts) => parts.join(""))

  it.prop("splitTitle", [from([" ", "  ", "-", "|", ":", "::", "·", "—", "–", "»", "›", "a", "b", "\t", "\u3000"])], ([title]) => {
    expect(splitTitle(title)).toEqual(title.split(oldSeparator))
  }, { fastCheck: { numRuns: 2_000 } })

  it.prop("splitCamelCase", [from(["a", "b", "A", "B", "1", "-", "X", "ml"])], ([word]) => {
    expect(splitCamelCase(word)).toBe(oldCamel(word))
  }, { fastCheck: { numRuns: 2_000 } })
})
