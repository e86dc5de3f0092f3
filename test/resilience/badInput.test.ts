/**
 * Bad input, property-based, through the real server and the production
 * chain: whatever arrives as browser_context, user_id, content_type and
 * content_period, a call ends OK or INVALID_ARGUMENT (RESOURCE_EXHAUSTED for
 * bodies over the transport's message limit), never INTERNAL, and the server
 * keeps answering. 1,000 cases per run from a fixed seed (RESILIENCE_SEED to
 * replay another), printed on failure.
 */
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import type { RecommendRequest } from "../../src/grpc/generated/recommendation/RecommendRequest.js"
import { defaultContextLimits } from "../../src/domain/context.js"
import { recommendationProto } from "../../src/grpc/proto.js"
import { maxReceiveMessageBytes } from "../../src/grpc/server.js"
import { FakeOpenAi } from "../support/fakeOpenAi.js"
import { hostileText } from "../domain/arbitraries.js"
import { collect, validRequest } from "../support/grpc.js"
import { type ResilientWorker, startResilientWorker } from "./support.js"

const seed = Number(process.env.RESILIENCE_SEED ?? 20_261_124)
const numRuns = 1_000

const allowed = new Set([Status.OK, Status.INVALID_ARGUMENT])

/**
 * Any UTF-16 string: lone surrogates, NUL and other controls included; and,
 * now and then, a long run of a hostile unit (up to 16,000 characters: the
 * old regexes needed thousands to show their quadratic time, which short
 * strings never reached).
 */
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string16bits({ maxLength: 64 }) },
  { weight: 3, arbitrary: fc.fullUnicodeString({ maxLength: 64 }) },
  { weight: 3, arbitrary: fc.constantFrom("", "\u0000", "\uD800", "\uDFFF", "a\u0000b", "\u202E\u200B", "%00", "null", "{}", "ｗｅｅｋ", " recent ") },
  { weight: 1, arbitrary: hostileText(16_000) }
)

const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2))

/** Values that look almost like a browser context: right keys, hostile values. */
const nearContext = fc.record({
  visited_sites: fc.oneof(
    fc.array(
      fc.oneof(
        fc.record(
          {
            url: fc.oneof(anyString, fc.webUrl({ withQueryParameters: true, withFragments: true }), anyNumber),
            title: fc.oneof(anyString, fc.constant(null), anyNumber),
            visited_at: fc.oneof(anyString, fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? "x" : d.toISOString())), anyNumber),
            duration_s: fc.oneof(anyNumber, anyString)
          },
          { requiredKeys: [] }
        ),
        fc.jsonValue({ maxDepth: 2 })
      ),
      { maxLength: 8 }
    ),
    fc.jsonValue({ maxDepth: 2 })
  ),
  search_queries: fc.oneof(fc.array(fc.oneof(anyString, anyNumber), { maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })),
  time_spent: fc.oneof(fc.dictionary(anyString, fc.oneof(anyNumber, anyString), { maxKeys: 4 }), fc.jsonValue({ maxDepth: 1 }))
}, { requiredKeys: [] })

/** Well-typed contexts with hostile text: these reach the analysis, the prompt and the provider. */
const wellTyped = fc.record({
  visited_sites: fc.array(
    fc.record({
      url: fc.oneof(anyString.filter((s) => s.length > 0), fc.webUrl({ withQueryParameters: true, withFragments: true })),
      title: anyString,
      visited_at: fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.constantFrom("2026-11-24T10:00:00Z", "2026-02-30", "1970-01-01")),
      duration_s: fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e12, noNaN: true }))
    }, { requiredKeys: ["url"] }),
    { maxLength: 12 }
  ),
  search_queries: fc.array(anyString, { maxLength: 8 }),
  time_spent: fc.dictionary(anyString, fc.double({ min: 0, max: 1e9, noNaN: true }), { maxKeys: 4 })
}, { requiredKeys: ["visited_sites", "search_queries"] })

const browserContext = fc.oneof(
  { weight: 3, arbitrary: wellTyped.map((v) => JSON.stringify(v)) },
  fc.jsonValue().map((v) => JSON.stringify(v)),
  anyString,
  nearContext.map((v) => JSON.stringify(v)),
  // A valid context with one field spoiled in the text (cut, doubled, a NUL).
  fc.tuple(nearContext.map((v) => JSON.stringify(v)), fc.nat(), fc.constantFrom("cut", "nul", "double")).map(([text, at, how]) => {
    const i = text.length === 0 ? 0 : at % text.length
    return how === "cut" ? text.slice(0, i) : how === "nul" ? `${text.slice(0, i)}\u0000${text.slice(i)}` : text + text
  })
)

const request: fc.Arbitrary<RecommendRequest> = fc.record({
  user_id: fc.oneof({ weight: 3, arbitrary: anyString }, fc.string({ minLength: 250, maxLength: 300 }), fc.constant("ok-user")),
  browser_context: browserContext,
  content_type: anyString,
  content_period: fc.oneof(anyString, { weight: 3, arbitrary: fc.constantFrom("", "any", "recent", "day", "week", "month", "year", "최근", "fortnight") })
})

const send = (worker: ResilientWorker, req: RecommendRequest) => collect(worker.client.Recommend(req))

const receiveLimit = maxReceiveMessageBytes(defaultContextLimits)
const encodedSize = (req: RecommendRequest): number =>
  recommendationProto.RecommendationService.service.Recommend.requestSerialize(req).length

describe("resilience: bad input", () => {
  it.scopedLive(`${numRuns} arbitrary requests end OK or INVALID_ARGUMENT, never INTERNAL (seed ${seed})`, () =>
    Effect.gen(function*() {
      const worker = yield* startResilientWorker()
      worker.openai.setFallback(FakeOpenAi.text(["fine"]))
      const seen = new Map<number, number>()
      yield* Effect.promise(async () => {
        try {
          await fc.assert(
            fc.asyncProperty(request, async (req) => {
              const { messages, status } = await send(worker, req)
              seen.set(status.code, (seen.get(status.code) ?? 0) + 1)
              // Bigger than any valid request: the transport refuses it before it is decoded.
              if (encodedSize(req) > receiveLimit) return status.code === Status.RESOURCE_EXHAUSTED && messages.length === 0
              if (!allowed.has(status.code)) return false
              // A refused call sends nothing; an accepted one ends with exactly one final message.
              if (status.code === Status.INVALID_ARGUMENT) return messages.length === 0 && status.details.length > 0
              return messages.filter((m) => m.is_final === "true").length === 1 && messages.at(-1)?.is_final === "true"
            }),
            { seed, numRuns }
          )
        } catch (error) {
          throw new Error(`bad-input property failed (replay with RESILIENCE_SEED=${seed}): ${String(error)}`)
        }
      })
      console.info(`bad input (seed ${seed}): status counts ${JSON.stringify(Object.fromEntries(seen))}`)
      // The property must see both outcomes, or it tests nothing.
      expect(seen.get(Status.OK) ?? 0).toBeGreaterThan(0)
      expect(seen.get(Status.INVALID_ARGUMENT) ?? 0).toBeGreaterThan(0)
      const after = yield* Effect.promise(() => send(worker, validRequest))
      expect(after.status.code).toBe(Status.OK)
    }), 180_000)

  it.scopedLive("deep nesting, NUL, lone surrogates and bodies at and over the transport limit", () =>
    Effect.gen(function*() {
      // A worker whose context limit lets megabytes through to the parser.
      const worker = yield* startResilientWorker({
        settings: { limits: { maxBytes: 16 * 1024 * 1024, maxSites: 1_000, maxQueries: 500 } }
      })
      worker.openai.setFallback(FakeOpenAi.text(["fine"]))
      const deep = (n: number) => "[".repeat(n) + "]".repeat(n)
      const deepObject = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n)
      const cases: ReadonlyArray<readonly [string, RecommendRequest, ReadonlyArray<Status>]> = [
        ["5,000-deep arrays in a 10 KB body (within the default size limit)", { ...validRequest, browser_context: `{"visited_sites":[],"search_queries":[${deep(5_000)}]}` }, [Status.INVALID_ARGUMENT]],
        ["100k-deep arrays", { ...validRequest, browser_context: deep(100_000) }, [Status.INVALID_ARGUMENT]],
        ["100k-deep objects", { ...validRequest, browser_context: deepObject(100_000) }, [Status.INVALID_ARGUMENT]],
        [
          "100k-deep value inside a context",
          { ...validRequest, browser_context: `{"visited_sites":[],"search_queries":[],"extra":${deep(100_000)}}` },
          [Status.OK, Status.INVALID_ARGUMENT]
        ],
        [
          "100k-deep title",
          { ...validRequest, browser_context: `{"visited_sites":[{"url":"https://a.example","title":${deep(100_000)}}],"search_queries":[]}` },
          [Status.INVALID_ARGUMENT]
        ],
        ["NUL everywhere", { user_id: "\u0000", browser_context: "\u0000", content_type: "\u0000", content_period: "\u0000" }, [Status.INVALID_ARGUMENT]],
        [
          "lone surrogates in a valid context",
          {
            user_id: "\uD800user",
            browser_context: JSON.stringify({ visited_sites: [{ url: "https://a.example/\uDC00", title: "\uD800" }], search_queries: ["\uDFFF"] }),
            content_type: "\uD83D",
            content_period: ""
          },
          [Status.OK]
        ],
        [
          "3.9 MB of valid JSON (under the transport limit)",
          {
            ...validRequest,
            browser_context: JSON.stringify({ visited_sites: [], search_queries: [], padding: "x".repeat(3_900_000) })
          },
          [Status.OK]
        ],
        // The transport's limit follows MAX_CONTEXT_BYTES (here 16 MiB) plus the other fields' caps.
        ["17 MB body (over the transport limit)", { ...validRequest, browser_context: "x".repeat(17 * 1024 * 1024) }, [Status.RESOURCE_EXHAUSTED]]
      ]
      for (const [name, req, expected] of cases) {
        const { messages, status } = yield* Effect.promise(() => send(worker, req))
        expect({ name, code: status.code }).toEqual({ name, code: expect.toBeOneOf([...expected]) })
        if (status.code !== Status.OK) expect(messages).toEqual([])
      }
      // The default limit refuses a big context before parsing it: in the transport when the
      // message is over it, else on the context's own size, before JSON.parse.
      const limited = yield* startResilientWorker()
      const big = yield* Effect.promise(() => send(limited, { ...validRequest, browser_context: deep(1_000_000) }))
      expect(big.status.code).toBe(Status.RESOURCE_EXHAUSTED)
      const over = yield* Effect.promise(() => send(limited, { ...validRequest, browser_context: deep(33_000) }))
      expect(over.status.code).toBe(Status.INVALID_ARGUMENT)
      expect(over.status.details).toMatch(/over the limit of 65536 bytes/)
      limited.openai.setFallback(FakeOpenAi.text(["fine"]))
      const after = yield* Effect.promise(() => send(limited, validRequest))
      expect(after.status.code).toBe(Status.OK)
    }), 60_000)
})
