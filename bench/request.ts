/** The request every benchmark call sends: the same for the worker and the baseline. */
import type { RecommendRequest } from "../src/grpc/generated/recommendation/RecommendRequest.js"

/** A realistic context: a developer's week, a few dozen sites and queries. */
export const benchContext = {
  visited_sites: Array.from({ length: 30 }, (_, i) => ({
    url: [
      `https://github.com/effect-ts/effect/issues/${1000 + i}`,
      `https://stackoverflow.com/questions/${70000000 + i}/typescript-generic-constraint`,
      `https://developer.mozilla.org/en-US/docs/Web/API/Streams_API/page${i}`
    ][i % 3],
    title: ["Stream backpressure · Issue", "TypeScript generic constraint - Stack Overflow", "Streams API - MDN"][i % 3],
    visited_at: new Date(Date.UTC(2026, 10, 1 + (i % 7), 9 + (i % 8))).toISOString(),
    duration_s: 30 + i * 7
  })),
  search_queries: ["effect stream timeout", "grpc-js backpressure", "typescript exactOptionalPropertyTypes", "node http2 flow control"],
  time_spent: { "github.com": 1800, "stackoverflow.com": 900, "developer.mozilla.org": 600 }
}

export const benchRequest: RecommendRequest = {
  user_id: "bench-user",
  browser_context: JSON.stringify(benchContext),
  content_type: "technical",
  content_period: "recent"
}

