/**
 * A content catalog item: one line of a catalog JSON Lines file.
 * Categories are IAB Tech Lab Content Taxonomy 3.1 Unique IDs, the same ids
 * the analysis gives interests, which is what lets interests and items meet.
 */
import { Schema } from "effect"

// "override": with a union the first failing member would speak ("must be \"article\""); the list helps more.
const formats = ["article", "video", "course", "documentation", "repository", "podcast", "news", "book", "tool"] as const

export const CatalogFormat = Schema.Literal(...formats).annotations({
  message: () => ({ message: `must be one of ${formats.join(", ")}`, override: true })
})
export type CatalogFormat = typeof CatalogFormat.Type

export const Difficulty = Schema.Literal("beginner", "intermediate", "advanced").annotations({
  message: () => ({ message: "must be one of beginner, intermediate, advanced", override: true })
})

const HttpUrl = Schema.String.pipe(
  Schema.filter((s) => {
    try {
      const url = new URL(s)
      return url.protocol === "https:" || url.protocol === "http:"
    } catch {
      return false
    }
  }, { message: () => "must be an absolute http(s) URL" })
)

const NonEmpty = Schema.String.pipe(Schema.minLength(1, { message: () => "must not be empty" }))

export const CatalogItem = Schema.Struct({
  id: NonEmpty,
  url: HttpUrl,
  title: NonEmpty,
  description: Schema.String,
  /** ISO 639-1 code: ko, en, ... */
  language: Schema.String.pipe(Schema.pattern(/^[a-z]{2}$/, { message: () => "must be an ISO 639-1 code such as ko or en" })),
  format: CatalogFormat,
  categories: Schema.Array(NonEmpty).pipe(Schema.minItems(1, { message: () => "must name at least one category" })),
  tags: Schema.Array(Schema.String),
  /** YYYY-MM-DD; undated items are evergreen. */
  published: Schema.optional(Schema.String.pipe(
    Schema.pattern(/^\d{4}-\d{2}-\d{2}$/, { message: () => "must be a date as YYYY-MM-DD" })
  )),
  difficulty: Schema.optional(Difficulty)
})
export type CatalogItem = typeof CatalogItem.Type
