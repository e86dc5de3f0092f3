/**
 * What one feedback event means: its metric labels, and what (if anything)
 * it teaches the ranking. Only an item this worker showed under that
 * recommendation can teach: an unknown recommendation or item id is counted
 * as "unknown" and moves nothing.
 */
import { Option } from "effect"
import type { Feedback } from "../feedback.js"
import { coldSegment, type ItemEvent } from "../learning/stats.js"
import type { RecommendationFacts } from "../../services/RecentRecommendations.js"

// A type, not an interface, so it can be passed as a label record.
export type FeedbackLabels = {
  readonly event: string
  readonly provider: string
  readonly content_type: string
  /** catalog, model, citation, unmarked (UNGROUNDED_LINKS=keep), answer (no item), unknown. */
  readonly source: string
  /** "1".."5", "6+", or "none" when neither the client nor the answer says. */
  readonly position: string
}

export interface ItemLesson {
  readonly itemId: string
  readonly segment: string
  readonly event: ItemEvent
}

export interface FeedbackMeaning {
  readonly labels: FeedbackLabels
  readonly knownRecommendation: boolean
  /** Present only for an item shown under a known recommendation. */
  readonly lesson: ItemLesson | undefined
}

export const positionBucket = (position: number | undefined): string =>
  position === undefined ? "none" : position >= 6 ? "6+" : String(position)

export const interpretFeedback = (feedback: Feedback, facts: Option.Option<RecommendationFacts>): FeedbackMeaning => {
  const known = Option.getOrUndefined(facts)
  const base = {
    event: feedback.event,
    provider: known?.provider ?? "unknown",
    content_type: known?.contentType ?? "unknown"
  }
  if (feedback.itemId === undefined) {
    return { labels: { ...base, source: "answer", position: "none" }, knownRecommendation: known !== undefined, lesson: undefined }
  }
  const shown = known?.items?.find((item) => item.id === feedback.itemId)
  if (known === undefined || shown === undefined) {
    return {
      labels: { ...base, source: "unknown", position: positionBucket(feedback.position) },
      knownRecommendation: known !== undefined,
      lesson: undefined
    }
  }
  return {
    labels: { ...base, source: shown.source === "" ? "unmarked" : shown.source, position: positionBucket(feedback.position ?? shown.position) },
    knownRecommendation: true,
    lesson: { itemId: shown.id, segment: known.segment ?? coldSegment, event: feedback.event }
  }
}
