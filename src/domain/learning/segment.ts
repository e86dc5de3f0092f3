/**
 * The segment a recommendation learns in: the tier-1 category of the user's
 * strongest interest ("Technology & Computing", "Food & Drink"), so that what
 * cooks click does not move what programmers see.
 */
import type { Analysis } from "../analysis/types.js"
import { ancestorsOf } from "../taxonomy/index.js"
import { coldSegment } from "./stats.js"

export const topLevelOf = (categoryId: string): string => {
  const ancestors = ancestorsOf(categoryId)
  return ancestors[ancestors.length - 1] ?? categoryId
}

export const segmentOf = (analysis: Analysis): string => {
  let best: { readonly id: string; readonly score: number } | undefined
  for (const interest of analysis.interests) {
    if (interest.score > 0 && (best === undefined || interest.score > best.score || (interest.score === best.score && interest.id < best.id))) {
      best = interest
    }
  }
  return best === undefined ? coldSegment : topLevelOf(best.id)
}
