/**
 * The browsing analysis: a context read once into evidence, then four
 * programs over it (topics, interests, behaviour pattern, content
 * preferences). Pure and deterministic: no clock, no randomness, independent
 * of the order of `visited_sites`.
 *
 * The four run one after the other, not with `concurrency: "unbounded"`: they
 * are synchronous CPU work on one thread, so forking four fibers gains nothing
 * and cost about 70 µs per analysis (measured), a third of the whole budget.
 */
import { Effect } from "effect"
import type { BrowserContext } from "../context.js"
import { analyzeBehavior } from "./behavior.js"
import { collectEvidence } from "./evidence.js"
import { analyzeInterests } from "./interests.js"
import { analyzeContentPreferences } from "./preferences.js"
import { analyzeTopics } from "./topics.js"
import type { Analysis } from "./types.js"

export * from "./types.js"
export { analyzeBehavior, describeBehavior } from "./behavior.js"
export { collectEvidence, type Evidence, type QueryEvidence, type VisitEvidence } from "./evidence.js"
export { analyzeInterests, scoreInterests } from "./interests.js"
export { analyzeContentPreferences, inferContentPreferences } from "./preferences.js"
export { analyzeTopics, rankTopics } from "./topics.js"

export const analyzeBrowsingPattern = (context: BrowserContext): Effect.Effect<Analysis> =>
  Effect.flatMap(
    Effect.sync(() => collectEvidence(context)),
    (evidence) =>
      Effect.all({
        topics: analyzeTopics(evidence),
        interests: analyzeInterests(evidence),
        behaviorPattern: analyzeBehavior(evidence),
        contentPreferences: analyzeContentPreferences(evidence)
      })
  )
