/** LlmRequests for the provider tests. */
import { Option } from "effect"
import type { Analysis, SanitizedView } from "../../src/domain/analysis/types.js"
import type { CatalogItem } from "../../src/domain/catalog/item.js"
import type { ContentPeriod, ContentType } from "../../src/domain/request.js"
import type { LlmRequest } from "../../src/services/Llm.js"

export const developerAnalysis: Analysis = {
  topics: [
    { term: "typescript", weight: 1, sources: ["title", "query"] },
    { term: "effect", weight: 0.8, sources: ["title"] },
    { term: "grpc", weight: 0.5, sources: ["query"] }
  ],
  interests: [
    {
      id: "599",
      name: "Computer Programming",
      path: ["Technology & Computing", "Computing", "Computer Programming"],
      score: 0.9
    }
  ],
  behaviorPattern: {
    visits: 12,
    searches: 4,
    sessions: 2,
    averageSessionDepth: 6,
    totalDwellSeconds: 3600,
    medianDwellSeconds: 240,
    focus: 0.62,
    searchToVisitRatio: 0.333,
    timeOfDay: undefined,
    label: "focused deep reader"
  },
  contentPreferences: {
    formats: [{ format: "documentation", score: 0.6 }, { format: "repository", score: 0.4 }],
    languages: [{ language: "en", share: 1 }],
    primaryLanguage: "en",
    technicalDepth: "advanced"
  }
}

export const developerView: SanitizedView = {
  userPseudonym: "u_3f9a0c",
  sites: [
    { url: "https://effect.website/docs/stream", host: "effect.website", title: "Stream | Effect Documentation" },
    { url: "https://github.com/grpc/grpc-node", host: "github.com", title: "grpc/grpc-node: gRPC for Node.js" }
  ],
  queries: ["effect stream timeout", "grpc-js backpressure"]
}

export const candidates: ReadonlyArray<CatalogItem> = [
  {
    id: "effect-docs",
    url: "https://effect.website/docs",
    title: "Effect Documentation",
    description: "The official guide to Effect for TypeScript.",
    language: "en",
    format: "documentation",
    categories: ["599"],
    tags: ["typescript", "effect"]
  }
]

export const makeRequest = (overrides: {
  readonly analysis?: Analysis
  readonly view?: SanitizedView
  readonly contentType?: ContentType
  readonly period?: ContentPeriod
  readonly candidates?: ReadonlyArray<CatalogItem>
  readonly deadline?: Option.Option<number>
} = {}): LlmRequest => ({
  analysis: overrides.analysis ?? developerAnalysis,
  view: overrides.view ?? developerView,
  contentType: overrides.contentType ?? { _tag: "Known", value: "technical" },
  period: overrides.period ?? "recent",
  candidates: overrides.candidates ?? candidates,
  deadline: overrides.deadline ?? Option.none()
})
