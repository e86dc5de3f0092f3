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
import { personalMask } from "../text/personal.js"
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

/**
 * The analysis of one caller's context. The user id is needed to keep it out
 * of the result: where it appears in a title, a query, a path or a host, it
 * (and, for an e-mail-like id, each piece of its local part) is masked.
 */
export const analyzeBrowsingPattern = (context: BrowserContext, userId: string): Effect.Effect<Analysis> =>
  Effect.flatMap(
    Effect.sync(() => collectEvidence(context, personalMask(userId))),
    (evidence) =>
      Effect.all({
        topics: analyzeTopics(evidence),
        interests: analyzeInterests(evidence),
        behaviorPattern: analyzeBehavior(evidence),
        contentPreferences: analyzeContentPreferences(evidence)
      })
  )
