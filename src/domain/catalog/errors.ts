/**
 * Why a catalog could not be loaded. Kept beside the catalog code (not in the
 * request errors) because it only ever stops the start, never a call.
 */
import { Schema } from "effect"

export class CatalogError extends Schema.TaggedError<CatalogError>()("CatalogError", {
  /** The file, when the catalog came from one. */
  path: Schema.optional(Schema.String),
  /** 1-based line of the JSON Lines text, when one line is at fault. */
  line: Schema.optional(Schema.Number),
  /** The item field at fault, when one is. */
  field: Schema.optional(Schema.String),
  /** One sentence naming the line and the field, e.g. "catalog line 17: categories must name at least one category". */
  reason: Schema.String
}) {
  override get message(): string {
    return this.path === undefined ? this.reason : `${this.path}: ${this.reason}`
  }
}
