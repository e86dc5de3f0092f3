/**
 * The streaming item parser over recorded answers of several model styles:
 * the items it finds, and that every chunk boundary gives the same items
 * (one split at every position, and random multi-way splits).
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import type { RecommendedItem, UngroundedLinks } from "../../src/domain/items/item.js"
import { linkItemId } from "../../src/domain/items/item.js"
import { makeItemParser } from "../../src/domain/items/parser.js"
import { answers, candidates } from "./answers.js"

const parse = (pieces: ReadonlyArray<string>, ungroundedLinks: UngroundedLinks = "mark"): Array<RecommendedItem> => {
  const parser = makeItemParser({ candidates, ungroundedLinks })
  return [...pieces.flatMap((piece) => parser.push(piece)), ...parser.end()]
}

describe("the item parser", () => {
  for (const answer of answers) {
    describe(answer.name, () => {
      const whole = parse([answer.text])

      it("finds the items of the answer", () => {
        expect(whole.map(({ url, title, source }) => ({ url, title, source }))).toEqual(
          answer.expected.map(({ url, title, source }) => ({ url, title, source }))
        )
        whole.forEach((item, i) => {
          expect(item.reason.startsWith(answer.expected[i]!.reason), `${item.reason} / ${answer.expected[i]!.reason}`).toBe(true)
          expect(item.position).toBe(i + 1)
        })
      })

      it("gives grounded links the candidate's id and categories, others an id from the URL", () => {
        for (const item of whole) {
          const candidate = candidates.find((c) => c.id === item.id)
          if (item.source === "catalog") {
            expect(candidate).toBeDefined()
            expect(item.categories).toEqual(candidate!.categories)
            expect(item.language).toBe(candidate!.language)
          } else {
            expect(candidate).toBeUndefined()
            expect(item.id).toBe(linkItemId(item.url))
            expect(item.categories).toEqual([])
          }
        }
      })

      it("finds the same items wherever the text is split in two", () => {
        const text = answer.text
        for (let at = 0; at <= text.length; at++) {
          expect(parse([text.slice(0, at), text.slice(at)]), `split at ${at}`).toEqual(whole)
        }
      })

      it("finds the same items for any chunking", () => {
        fc.assert(
          fc.property(fc.uniqueArray(fc.integer({ min: 0, max: answer.text.length }), { maxLength: 40 }), (cuts) => {
            const sorted = [...cuts].sort((a, b) => a - b)
            const pieces = [0, ...sorted].map((from, i) => answer.text.slice(from, sorted[i] ?? answer.text.length))
            expect(parse(pieces)).toEqual(whole)
          }),
          { numRuns: 200 }
        )
      })

      it("completes an item no later than the line after it (one character at a time)", () => {
        const parser = makeItemParser({ candidates, ungroundedLinks: "mark" })
        const seen: Array<RecommendedItem> = []
        for (const char of answer.text) seen.push(...parser.push(char))
        expect([...seen, ...parser.end()]).toEqual(whole)
      })
    })
  }

  it("UNGROUNDED_LINKS: drop leaves model links out, keep leaves them unmarked, citations stay", () => {
    const text = answers.find((a) => a.name.startsWith("Perplexity"))!.text
    const marked = parse([text], "mark")
    const dropped = parse([text], "drop")
    const kept = parse([text], "keep")
    expect(marked.map((i) => i.source)).toEqual(["catalog", "model", "citation", "citation"])
    // The dropped link is no longer shown above, so its citation is not a duplicate any more.
    expect(dropped.map((i) => i.source)).toEqual(["catalog", "citation", "citation", "citation"])
    expect(dropped.map((i) => i.position)).toEqual([1, 2, 3, 4])
    expect(kept.map((i) => i.source)).toEqual(["catalog", "", "citation", "citation"])
  })

  it("emits items as their lines complete, before the answer ends", () => {
    const parser = makeItemParser({ candidates, ungroundedLinks: "mark" })
    expect(parser.push("1. The Python Tutorial — https://docs.python.org/3/tutorial/\n   Start here.\n")).toEqual([])
    const completed = parser.push("2. Real Python — https://realpython.com/\n")
    expect(completed.map((i) => i.id)).toEqual(["g-python-tutorial"])
    expect(completed[0]!.reason).toBe("Start here.")
    expect(parser.end().map((i) => i.id)).toEqual(["g-real-python"])
  })

  it("only http(s) links make items, and a link repeated is one item", () => {
    const items = parse([
      "1. A — javascript:alert(1)\n2. B — ftp://example.com/file\n3. C — https://example.com/c\n4. C again — https://www.example.com/c/\n"
    ])
    expect(items.map((i) => [i.title, i.url, i.position])).toEqual([["C", "https://example.com/c", 1]])
  })

  it("runs in time linear in pathological input (no backtracking)", () => {
    // 200 kB of brackets, parentheses and scheme fragments in one line and in many.
    const nasty = "[".repeat(20_000) + "](http".repeat(20_000) + "http://(".repeat(10_000)
    const lines = "1. (https://a.b/(((\n".repeat(5_000)
    expect(parse([nasty, "\n"])).toEqual([])
    expect(parse([lines]).length).toBeGreaterThan(0)
  })
})
