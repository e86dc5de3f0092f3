/**
 * Content preferences: formats by share of visit weight; languages of titles
 * and queries (by script, see text/language.ts), queries counting more; and
 * technical depth from the share of technology evidence and the words that
 * mark beginners ("tutorial", "입문") or experts ("internals", "성능 최적화").
 */
import { Effect } from "effect"
import { isWithin } from "../taxonomy/index.js"
import { category } from "../taxonomy/categories.js"
import { detectLanguage } from "../text/language.js"
import type { Evidence } from "./evidence.js"
import { categoryEvidence } from "./interests.js"
import type { ContentFormat, ContentPreferences, TechnicalDepth } from "./types.js"
import { compareText, round4 } from "./weights.js"

const beginnerMarkers: ReadonlySet<string> = new Set([
  "tutorial", "tutorials", "beginner", "beginners", "basics", "basic", "introduction", "intro", "101", "getting",
  "learn", "learning", "입문", "기초", "초보", "튜토리얼", "강좌", "시작하기", "배우기", "처음"
])

const advancedMarkers: ReadonlySet<string> = new Set([
  "internals", "internal", "architecture", "performance", "optimization", "optimizing", "benchmark", "benchmarks",
  "concurrency", "distributed", "compiler", "kernel", "rfc", "spec", "specification", "paper", "papers", "arxiv",
  "implementation", "deep dive", "source code", "profiling", "memory", "latency", "scalability", "design patterns",
  "아키텍처", "성능", "최적화", "내부", "구현", "동시성", "분산", "논문", "소스코드", "메모리", "튜닝", "설계"
])

/** Formats that mark a hands-on technical reader when they dominate. */
const handsOnFormats: ReadonlySet<ContentFormat> = new Set(["repository", "documentation", "qa"])

/** Below this share of technology evidence, depth is "none": the profile is not technical. */
const technicalShareThreshold = 0.2

const shares = <K extends string>(amounts: Map<K, number>) => {
  const total = [...amounts.values()].reduce((sum, amount) => sum + amount, 0)
  return [...amounts]
    .filter(([, amount]) => amount > 0)
    .map(([key, amount]) => [key, round4(amount / total)] as const)
    .sort(([a, x], [b, y]) => y - x || compareText(a, b))
}

const isTechnical = (ids: Iterable<string>): boolean => {
  for (const id of ids) if (isWithin(id, category.technology)) return true
  return false
}

/** +1 when the words mark an expert, -1 a beginner, 0 both or neither (two lists read as one, without joining them). */
const markerScore = (terms: ReadonlyArray<string>, more: ReadonlyArray<string> = []): number => {
  let beginner = false
  let advanced = false
  for (const list of [terms, more]) {
    for (const term of list) {
      if (beginnerMarkers.has(term)) beginner = true
      else if (advancedMarkers.has(term)) advanced = true
    }
  }
  return (advanced ? 1 : 0) - (beginner ? 1 : 0)
}

/**
 * "none" when technology is under a fifth of the category evidence. Else each
 * technical visit or query whose words mark a beginner counts -1, an expert
 * +1 (markers on a marathon plan say nothing of programming skill), and
 * reading mostly code, documentation and Q&A adds up to 2.
 */
const technicalDepthOf = (evidence: Evidence, handsOnShare: number, direct: ReadonlyMap<string, number>): TechnicalDepth => {
  let technical = 0
  let all = 0
  for (const [id, amount] of direct) {
    all += amount
    if (isWithin(id, category.technology)) technical += amount
  }
  if (all === 0 || technical / all < technicalShareThreshold) return "none"
  let score = handsOnShare >= 0.5 ? 2 : handsOnShare >= 0.3 ? 1 : 0
  for (const visit of evidence.visits) {
    if (isTechnical(visit.hostCategories) || isTechnical(visit.keywordCategories)) {
      score += markerScore(visit.titleTerms, visit.pathTerms)
    }
  }
  for (const query of evidence.queries) {
    if (isTechnical(query.keywordCategories)) score += markerScore(query.terms)
  }
  return score >= 2 ? "advanced" : score <= -1 ? "beginner" : "intermediate"
}

/** `direct`: the evidence's `categoryEvidence`, when the caller has it already (the interests read it too). */
export const inferContentPreferences = (
  evidence: Evidence,
  direct: ReadonlyMap<string, number> = categoryEvidence(evidence)
): ContentPreferences => {
  const formatWeights = new Map<ContentFormat, number>()
  for (const visit of evidence.visits) formatWeights.set(visit.format, (formatWeights.get(visit.format) ?? 0) + visit.weight)
  const formats = shares(formatWeights).map(([format, score]) => ({ format, score }))

  const languageWeights = new Map<string, number>()
  const countLanguage = (text: string, weight: number) => {
    const language = detectLanguage(text)
    if (language !== undefined) languageWeights.set(language, (languageWeights.get(language) ?? 0) + weight)
  }
  for (const visit of evidence.visits) countLanguage(visit.title, 1)
  // A query is written by the user, a title by someone else: the query tells more about the user's language.
  for (const query of evidence.queries) countLanguage(query.text, 2)
  const languages = shares(languageWeights).map(([language, share]) => ({ language, share }))

  const handsOnShare = formats.reduce((sum, { format, score }) => sum + (handsOnFormats.has(format) ? score : 0), 0)
  return {
    formats,
    languages,
    primaryLanguage: languages[0]?.language ?? "en",
    technicalDepth: technicalDepthOf(evidence, handsOnShare, direct)
  }
}

export const analyzeContentPreferences = (evidence: Evidence): Effect.Effect<ContentPreferences> =>
  Effect.sync(() => inferContentPreferences(evidence))
