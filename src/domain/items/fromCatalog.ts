/** The embedded recommender's picks as items: the catalog's own facts, the reason the answer gives. */
import type { RankedItem } from "../catalog/rank.js"
import { isPersonal, templatesFor } from "../catalog/render.js"
import type { RecommendedItem } from "./item.js"

export const catalogItems = (ranked: ReadonlyArray<RankedItem>, language: string): Array<RecommendedItem> => {
  const personal = isPersonal(ranked)
  const templates = templatesFor(language)
  return ranked.map((r, i) => ({
    id: r.item.id,
    url: r.item.url,
    title: r.item.title.replace(/\s+/g, " ").trim(),
    reason: templates.reason(r, personal),
    categories: r.item.categories,
    format: r.item.format,
    language: r.item.language,
    source: "catalog",
    position: i + 1
  }))
}
