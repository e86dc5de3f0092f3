/**
 * A Recommend call's fields, validated: the user id, the decoded browser
 * context, the content type hint and the period filter.
 */
import { Effect, Either } from "effect"
import { type BrowserContext, type ContextLimits, decodeBrowserContextEither } from "./context.js"
import { InvalidArgument } from "./errors.js"

export const knownContentTypes = ["general", "technical", "news", "video", "article", "tutorial", "research"] as const
export type KnownContentType = (typeof knownContentTypes)[number]

/** A known content type, or a caller's own hint kept as bounded free text. */
export type ContentType =
  | { readonly _tag: "Known"; readonly value: KnownContentType }
  | { readonly _tag: "FreeText"; readonly value: string }

export const contentPeriods = ["any", "recent", "day", "week", "month", "year"] as const
export type ContentPeriod = (typeof contentPeriods)[number]

const periodSynonyms: Readonly<Record<string, ContentPeriod>> = {
  "": "any", any: "any", all: "any", anytime: "any", "all-time": "any", all_time: "any", evergreen: "any", 전체: "any",
  recent: "recent", latest: "recent", new: "recent", fresh: "recent", 최근: "recent", 최신: "recent",
  day: "day", daily: "day", today: "day", "24h": "day", "1d": "day", 오늘: "day", 하루: "day",
  week: "week", weekly: "week", "this-week": "week", this_week: "week", "7d": "week", "1w": "week", 이번주: "week", 일주일: "week",
  month: "month", monthly: "month", "this-month": "month", this_month: "month", "30d": "month", "1m": "month", 이번달: "month", 한달: "month",
  year: "year", yearly: "year", annual: "year", "this-year": "year", this_year: "year", "365d": "year", "1y": "year", 올해: "year", 일년: "year"
}

export const maxUserIdLength = 256
export const maxContentTypeHintLength = 64

/**
 * Caps on the raw wire strings, in UTF-8 bytes, checked before anything else
 * touches a field: normalization can expand text (NFKC turns U+FDFA into 18
 * characters), so it only ever runs on text already known to be small. The
 * user id's cap allows its 256 characters at 4 bytes each.
 */
export const maxUserIdBytes = maxUserIdLength * 4
export const maxContentTypeBytes = 256
export const maxContentPeriodBytes = 64

/** A length-delimited protobuf field costs at most one tag byte and a 5-byte length varint besides its bytes. */
export const protobufFieldOverhead = 6

/**
 * The largest RecommendRequest a valid call can send: every field at its cap,
 * with its protobuf framing. The server's receive limit is set from it, so
 * anything bigger is refused by the transport before it is decoded.
 */
export const maxRecommendRequestBytes = (limits: ContextLimits): number =>
  limits.maxBytes + maxUserIdBytes + maxContentTypeBytes + maxContentPeriodBytes + 4 * protobufFieldOverhead

/** Whether a raw field is over `maxBytes` of UTF-8 (counted without encoding it). */
export const overBytes = (raw: string, maxBytes: number): boolean =>
  // A UTF-16 unit is at most 3 UTF-8 bytes: short strings need no count at all.
  raw.length * 3 > maxBytes && Buffer.byteLength(raw, "utf8") > maxBytes

export interface RecommendInput {
  readonly userId: string
  readonly context: BrowserContext
  readonly contentType: ContentType
  readonly period: ContentPeriod
}

/** The request as it arrives on the wire (every field a string, maybe empty). */
export interface RawRecommendRequest {
  readonly user_id: string
  readonly browser_context: string
  readonly content_type: string
  readonly content_period: string
}

const controlCharacters = /[\p{Cc}\p{Cf}]/gu

/**
 * Total, for labels: a hint over its cap (refused by `parseRecommendRequest`)
 * is read from its first bytes only, so the work stays bounded.
 */
export const parseContentType = (raw: string): ContentType => {
  const bounded = raw.length > maxContentTypeBytes ? raw.slice(0, maxContentTypeBytes) : raw
  const hint = bounded.normalize("NFKC").replace(controlCharacters, " ").trim().toLowerCase()
  if (hint === "") return { _tag: "Known", value: "general" }
  const known = knownContentTypes.find((t) => t === hint)
  return known !== undefined
    ? { _tag: "Known", value: known }
    : { _tag: "FreeText", value: [...hint].slice(0, maxContentTypeHintLength).join("") }
}

const validContentType = (raw: string): Either.Either<ContentType, InvalidArgument> =>
  overBytes(raw, maxContentTypeBytes)
    ? Either.left(new InvalidArgument({
      field: "content_type",
      reason: `content_type is longer than ${maxContentTypeBytes} bytes.`
    }))
    : Either.right(parseContentType(raw))

const contentPeriodOf = (raw: string): Either.Either<ContentPeriod, InvalidArgument> => {
  // Longer than any synonym: refused without normalizing it.
  const period = overBytes(raw, maxContentPeriodBytes)
    ? undefined
    : periodSynonyms[raw.normalize("NFKC").trim().toLowerCase()]
  return period !== undefined
    ? Either.right(period)
    : Either.left(new InvalidArgument({
      field: "content_period",
      reason: `content_period must be one of: (empty), ${contentPeriods.join(", ")}.`
    }))
}

export const parseContentPeriod = (raw: string): Effect.Effect<ContentPeriod, InvalidArgument> =>
  Effect.suspend(() => contentPeriodOf(raw))

const userIdOf = (raw: string): Either.Either<string, InvalidArgument> => {
  // Over the byte cap is over the character cap too; checked first, before any copy of the text.
  if (overBytes(raw, maxUserIdBytes) || [...raw].length > maxUserIdLength) {
    return Either.left(new InvalidArgument({
      field: "user_id",
      reason: `user_id is longer than ${maxUserIdLength} characters.`
    }))
  }
  if (raw.trim() === "") {
    return Either.left(new InvalidArgument({ field: "user_id", reason: "user_id is required." }))
  }
  return Either.right(raw)
}

export const parseUserId = (raw: string): Effect.Effect<string, InvalidArgument> => Effect.suspend(() => userIdOf(raw))

/**
 * Validates every field; the first problem found is the one reported. Each
 * field's size is checked before it is normalized or parsed (the context's
 * in `decodeBrowserContext`, before JSON.parse). A plain function.
 */
export const parseRecommendRequestEither = (
  raw: RawRecommendRequest,
  limits?: ContextLimits
): Either.Either<RecommendInput, InvalidArgument> => {
  // The small fields first, so nothing is parsed while another field is still unchecked.
  const userId = userIdOf(raw.user_id)
  if (Either.isLeft(userId)) return Either.left(userId.left)
  const period = contentPeriodOf(raw.content_period)
  if (Either.isLeft(period)) return Either.left(period.left)
  const contentType = validContentType(raw.content_type)
  if (Either.isLeft(contentType)) return Either.left(contentType.left)
  const context = decodeBrowserContextEither(raw.browser_context, limits)
  if (Either.isLeft(context)) return Either.left(context.left)
  return Either.right({ userId: userId.right, period: period.right, contentType: contentType.right, context: context.right })
}

/** `parseRecommendRequestEither` as an Effect (one step, not four). */
export const parseRecommendRequest = (
  raw: RawRecommendRequest,
  limits?: ContextLimits
): Effect.Effect<RecommendInput, InvalidArgument> => Effect.suspend(() => parseRecommendRequestEither(raw, limits))
