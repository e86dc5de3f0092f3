/**
 * The transport's receive limit against real protobuf encodings: every
 * request the validators accept fits under it (so the limit never refuses a
 * valid call), and each field's cap is enforced on the raw text.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, FastCheck as fc } from "effect"
import { type ContextLimits, defaultContextLimits } from "../../src/domain/context.js"
import { maxFeedbackRequestBytes, parseFeedbackRequest } from "../../src/domain/feedback.js"
import {
  maxContentPeriodBytes,
  maxContentTypeBytes,
  maxUserIdLength,
  parseRecommendRequest
} from "../../src/domain/request.js"
import { recommendationProto } from "../../src/grpc/proto.js"
import { maxReceiveMessageBytes } from "../../src/grpc/server.js"

const service = recommendationProto.RecommendationService.service
const encodedRecommend = (request: object): number => service.Recommend.requestSerialize(request).length
const encodedFeedback = (request: object): number => service.RecordFeedback.requestSerialize(request).length

/** Characters of every UTF-8 width, so byte caps are met with few and with many characters. */
const wideChar = fc.constantFrom("a", "é", "한", "𝒳", "\uFDFA", " ", "\u0000")
const text = (maxChars: number) => fc.array(wideChar, { maxLength: maxChars }).map((cs) => cs.join(""))

const contextOfBytes = (bytes: number): string => {
  const base = JSON.stringify({ visited_sites: [], search_queries: [], padding: "" })
  return JSON.stringify({ visited_sites: [], search_queries: [], padding: "a".repeat(Math.max(0, bytes - base.length)) })
}

const accepted = <A, E>(effect: Effect.Effect<A, E>) => Either.isRight(Effect.runSync(Effect.either(effect)))

/** How many generated requests were valid, so the properties are known not to hold vacuously. */
const checked = { recommend: 0, feedback: 0 }

describe("receive limit", () => {
  const limitsArb = fc.constantFrom<ContextLimits>(
    defaultContextLimits,
    { ...defaultContextLimits, maxBytes: 1_024 },
    { ...defaultContextLimits, maxBytes: 1_000_000 }
  )

  it.prop(
    "every accepted Recommend request encodes under the limit",
    [limitsArb, text(300), text(100), text(20), fc.double({ min: 0, max: 1 })],
    ([limits, userId, contentType, period, fill]) => {
      const request = {
        user_id: userId === "" ? "u" : userId,
        browser_context: contextOfBytes(Math.floor(limits.maxBytes * fill)),
        content_type: contentType,
        content_period: accepted(parseRecommendRequest({ user_id: "u", browser_context: "{}", content_type: "", content_period: period })) ? period : "recent"
      }
      if (accepted(parseRecommendRequest(request, limits))) {
        expect(encodedRecommend(request)).toBeLessThanOrEqual(maxReceiveMessageBytes(limits))
        checked.recommend++
      }
    },
    { fastCheck: { numRuns: 300, seed: 20261201 } }
  )

  it("the request with every field at its cap fits, with little to spare", () => {
    for (const limits of [defaultContextLimits, { ...defaultContextLimits, maxBytes: 1_000_000 }]) {
      const largest = {
        user_id: "𝒳".repeat(maxUserIdLength),
        browser_context: contextOfBytes(limits.maxBytes),
        content_type: "h".repeat(maxContentTypeBytes),
        content_period: "recent"
      }
      expect(accepted(parseRecommendRequest(largest, limits))).toBe(true)
      const size = encodedRecommend(largest)
      expect(size).toBeLessThanOrEqual(maxReceiveMessageBytes(limits))
      // "Just above": the limit exceeds the largest valid message by the framing budget and the period's cap only.
      expect(maxReceiveMessageBytes(limits) - size).toBeLessThan(100 + maxContentPeriodBytes)
    }
  })

  it.prop(
    "every accepted RecordFeedback request encodes under the limit",
    [text(3_000), fc.constantFrom("click", " impression ", "dismiss"), text(300)],
    ([urlTail, event, userId]) => {
      const request = {
        recommendation_id: "00000000-0000-4000-8000-000000000000",
        event,
        clicked_url: `https://example.com/${urlTail}`,
        user_id: userId
      }
      if (accepted(parseFeedbackRequest(request))) {
        expect(encodedFeedback(request)).toBeLessThanOrEqual(maxFeedbackRequestBytes)
        checked.feedback++
      }
    },
    { fastCheck: { numRuns: 300, seed: 20261201 } }
  )

  it("the properties above saw many valid requests", () => {
    expect(checked.recommend).toBeGreaterThan(50)
    expect(checked.feedback).toBeGreaterThan(50)
  })
})
