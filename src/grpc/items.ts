/** An item as the wire's RecommendedItem (the generated type wants a mutable array). */
import type { RecommendedItem } from "../domain/items/item.js"
import type { RecommendedItem as WireItem } from "./generated/recommendation/RecommendedItem.js"

export const toWireItem = (item: RecommendedItem): WireItem => ({ ...item, categories: [...item.categories] })
