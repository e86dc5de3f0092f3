/**
 * The browser API, declared once: the handlers (src/web/handlers.ts) decode
 * request bodies with these schemas, and /openapi.json and the reference page
 * are generated from them.
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import { Schema } from "effect"
import { AnalysisSchema } from "../pipeline/cachedAnalysis.js"

/** A string field; absent means empty, and the pipeline says what an empty value is wrong for. */
const text = (field: string) =>
  Schema.optional(Schema.String.annotations({ message: () => `${field} must be a string.` }))

export const RecommendBody = Schema.Struct({
  user_id: text("user_id"),
  browser_context: Schema.optional(
    Schema.Union(Schema.String, Schema.Record({ key: Schema.String, value: Schema.Unknown })).annotations({
      message: () => "browser_context must be a JSON object (or a string holding one).",
      description: "visited_sites, search_queries and optionally time_spent, as an object or a JSON string"
    })
  ),
  content_type: text("content_type"),
  content_period: text("content_period")
}).annotations({ identifier: "RecommendRequest", message: () => "The request body must be a JSON object." })

export const AnalyzeBody = Schema.Struct({
  /** Optional: when given, it is masked wherever it appears in the context, as in a recommendation. */
  user_id: text("user_id"),
  browser_context: RecommendBody.fields.browser_context
}).annotations({ identifier: "AnalyzeRequest", message: () => "The request body must be a JSON object." })

export const FeedbackBody = Schema.Struct({
  recommendation_id: text("recommendation_id"),
  event: text("event"),
  clicked_url: text("clicked_url"),
  user_id: text("user_id"),
  /** Item feedback: a RecommendedItem's id and where the user saw it (1-based). */
  item_id: text("item_id"),
  position: Schema.optional(Schema.Number.annotations({ message: () => "position must be a number." }))
}).annotations({ identifier: "FeedbackRequest", message: () => "The request body must be a JSON object." })

export const FeedbackAnswer = Schema.Struct({ known_recommendation: Schema.Boolean }).annotations({
  identifier: "FeedbackResponse"
})

/** Every error answer: the gRPC status name and one sentence (see docs/HTTP.md for the table). */
export const ErrorBody = Schema.Struct({
  code: Schema.String,
  message: Schema.String,
  retry_after_seconds: Schema.optional(Schema.Number)
}).annotations({ identifier: "Error" })

const EventStream = HttpApiSchema.Text({ contentType: "text/event-stream" }).annotations({
  description: "Server-Sent Events: `chunk` {content, sequence}..., then `done` {content, recommendation_id, provider} " +
    "or `error` {code, message}"
})

// Errors are answered by the handlers themselves (statuses derived from the gRPC table); declared here for the document.
const recommend = HttpApiEndpoint.post("recommend", "/v1/recommendations")
  .setPayload(RecommendBody)
  .addSuccess(EventStream)
  .addError(ErrorBody, { status: 400 })
  .addError(ErrorBody, { status: 401 })
  .addError(ErrorBody, { status: 429 })
  .addError(ErrorBody, { status: 500 })
  .addError(ErrorBody, { status: 503 })
  .addError(ErrorBody, { status: 504 })
  .annotate(OpenApi.Description, "Streams a recommendation as Server-Sent Events. Optional header x-timeout-ms: a deadline.")

const recommendSocket = HttpApiEndpoint.get("recommendSocket", "/v1/recommendations/ws")
  .addSuccess(HttpApiSchema.Empty(101))
  .addError(ErrorBody, { status: 401 })
  .addError(ErrorBody, { status: 403 })
  .annotate(
    OpenApi.Description,
    "WebSocket. Send a RecommendRequest as JSON (optionally with api_key); receive the same events as JSON " +
      "messages {event, data}. Send another request on the same socket at any time: it replaces the answer in progress."
  )

const analyze = HttpApiEndpoint.post("analyze", "/v1/analyze")
  .setPayload(AnalyzeBody)
  .addSuccess(AnalysisSchema)
  .addError(ErrorBody, { status: 400 })
  .addError(ErrorBody, { status: 401 })
  .addError(ErrorBody, { status: 500 })

const feedback = HttpApiEndpoint.post("feedback", "/v1/feedback")
  .setPayload(FeedbackBody)
  .addSuccess(FeedbackAnswer)
  .addError(ErrorBody, { status: 400 })
  .addError(ErrorBody, { status: 401 })
  .addError(ErrorBody, { status: 500 })

export class BrowserApi extends HttpApi.make("llm-worker-rec")
  .add(HttpApiGroup.make("recommendations").add(recommend).add(recommendSocket))
  .add(HttpApiGroup.make("analysis").add(analyze))
  .add(HttpApiGroup.make("feedback").add(feedback))
  .annotate(OpenApi.Title, "llm-worker-rec browser API")
  .annotate(
    OpenApi.Description,
    "Recommendations over SSE and WebSocket, the interest analysis, and feedback. Key: Authorization: Bearer <key> " +
      "or x-api-key (WebSocket: a Sec-WebSocket-Protocol value or api_key in the first message)."
  )
{}
