/**
 * A RecordFeedback call's fields, validated: which recommendation, what the
 * user did with it, and optionally the link followed and the user.
 */
import { Effect } from "effect"
import { InvalidArgument } from "./errors.js"
import { maxUserIdBytes, overBytes, parseUserId, protobufFieldOverhead } from "./request.js"

export const feedbackEvents = ["impression", "click", "dismiss"] as const
export type FeedbackEvent = (typeof feedbackEvents)[number]

export const maxClickedUrlLength = 2_048

/** Raw caps in UTF-8 bytes, checked before a field is trimmed or parsed (see request.ts). */
const maxRecommendationIdBytes = 64
const maxEventBytes = 32
const maxClickedUrlBytes = maxClickedUrlLength * 3

export const maxItemIdLength = 200
/** More positions than any answer has: a larger one is a client's mistake. */
export const maxPosition = 100
const maxItemIdBytes = maxItemIdLength * 3
/** A uint32 field: a tag byte and at most a 5-byte varint. */
const varintFieldBytes = 6

/** The largest FeedbackRequest a valid call can send, with its protobuf framing. */
export const maxFeedbackRequestBytes = maxRecommendationIdBytes + maxEventBytes + maxClickedUrlBytes + maxUserIdBytes +
  maxItemIdBytes + 5 * protobufFieldOverhead + varintFieldBytes

export interface Feedback {
  readonly recommendationId: string
  readonly event: FeedbackEvent
  /** Only ever counted as present or not: a URL may identify a user. */
  readonly clickedUrl: string | undefined
  readonly userId: string | undefined
  /** The item the event is about (RecommendedItem.id); undefined: the answer as a whole. */
  readonly itemId: string | undefined
  /** Where the user saw the item (1-based), when the client says. */
  readonly position: number | undefined
}

/** The request as it arrives on the wire (every field a string, maybe empty). */
export interface RawFeedbackRequest {
  readonly recommendation_id: string
  readonly event: string
  readonly clicked_url: string
  readonly user_id: string
  /** Absent from older clients. */
  readonly item_id?: string
  readonly position?: number
}

// Recommendation ids are the UUIDs this worker hands out; anything else cannot be one of ours.
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u

const invalid = (field: string, reason: string) => Effect.fail(new InvalidArgument({ field, reason }))

const parseRecommendationId = (raw: string): Effect.Effect<string, InvalidArgument> => {
  if (overBytes(raw, maxRecommendationIdBytes)) {
    return invalid("recommendation_id", "recommendation_id must be the UUID a Recommend call returned.")
  }
  const id = raw.trim().toLowerCase()
  if (id === "") return invalid("recommendation_id", "recommendation_id is required.")
  return uuid.test(id)
    ? Effect.succeed(id)
    : invalid("recommendation_id", "recommendation_id must be the UUID a Recommend call returned.")
}

const parseEvent = (raw: string): Effect.Effect<FeedbackEvent, InvalidArgument> => {
  const event = overBytes(raw, maxEventBytes) ? undefined : feedbackEvents.find((e) => e === raw.trim().toLowerCase())
  return event !== undefined
    ? Effect.succeed(event)
    : invalid("event", `event must be one of: ${feedbackEvents.join(", ")}.`)
}

const parseClickedUrl = (raw: string): Effect.Effect<string | undefined, InvalidArgument> => {
  if (overBytes(raw, maxClickedUrlBytes)) {
    return invalid("clicked_url", `clicked_url is longer than ${maxClickedUrlLength} characters.`)
  }
  const text = raw.trim()
  if (text === "") return Effect.succeed(undefined)
  if (text.length > maxClickedUrlLength) {
    return invalid("clicked_url", `clicked_url is longer than ${maxClickedUrlLength} characters.`)
  }
  const url = URL.canParse(text) ? new URL(text) : undefined
  return url !== undefined && (url.protocol === "http:" || url.protocol === "https:")
    ? Effect.succeed(text)
    : invalid("clicked_url", "clicked_url must be an absolute http or https URL.")
}

// Catalog ids and link ids: printable, no spaces or control characters.
const itemIdShape = /^[\x21-\x7e]+$/u

const parseItemId = (raw: string | undefined): Effect.Effect<string | undefined, InvalidArgument> => {
  if (raw !== undefined && overBytes(raw, maxItemIdBytes)) {
    return invalid("item_id", `item_id is longer than ${maxItemIdLength} characters.`)
  }
  const id = (raw ?? "").trim()
  if (id === "") return Effect.succeed(undefined)
  if (id.length > maxItemIdLength) return invalid("item_id", `item_id is longer than ${maxItemIdLength} characters.`)
  return itemIdShape.test(id)
    ? Effect.succeed(id)
    : invalid("item_id", "item_id must be the id of a RecommendedItem (printable characters, no spaces).")
}

const parsePosition = (raw: number | undefined): Effect.Effect<number | undefined, InvalidArgument> => {
  if (raw === undefined || raw === 0) return Effect.succeed(undefined)
  return Number.isInteger(raw) && raw >= 1 && raw <= maxPosition
    ? Effect.succeed(raw)
    : invalid("position", `position must be between 1 and ${maxPosition} (0 when not given).`)
}

/** Every field's size is checked before it is trimmed or parsed. */
export const parseFeedbackRequest = (raw: RawFeedbackRequest): Effect.Effect<Feedback, InvalidArgument> =>
  Effect.all({
    recommendationId: parseRecommendationId(raw.recommendation_id),
    event: parseEvent(raw.event),
    clickedUrl: parseClickedUrl(raw.clicked_url),
    userId: raw.user_id.trim() === "" ? Effect.succeed(undefined) : parseUserId(raw.user_id),
    itemId: parseItemId(raw.item_id),
    position: parsePosition(raw.position)
  })
