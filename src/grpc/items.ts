/** An item as the wire's RecommendedItem (the generated type wants a mutable array). */
import type { RecommendedItem } from "../domain/items/item.js"
import type { ShownItem } from "../services/RecentRecommendations.js"
import type { RecommendedItem as WireItem } from "./generated/recommendation/RecommendedItem.js"

export const toWireItem = (item: RecommendedItem): WireItem => ({ ...item, categories: [...item.categories] })

/** What feedback needs to know of an item shown. */
export const shownItem = (item: RecommendedItem): ShownItem => ({ id: item.id, position: item.position, source: item.source })
