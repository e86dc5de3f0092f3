/**
 * The category taxonomy shared by interests and catalog items: IAB Tech Lab
 * Content Taxonomy 3.1, CC BY 3.0 (generated from data/ into iab-content-3.1.ts).
 */
import { taxonomyRows, taxonomyVersion } from "./iab-content-3.1.js"
import { namesKo } from "./names-ko.js"

export { taxonomyVersion }

export interface TaxonomyCategory {
  /** The taxonomy's stable Unique ID, e.g. "631" (Programming Languages). */
  readonly id: string
  readonly name: string
  /** The parent's Unique ID; undefined for a tier-1 category. */
  readonly parent: string | undefined
  /** Tier names from the root, e.g. ["Technology & Computing", "Computing", "Programming Languages"]. */
  readonly path: ReadonlyArray<string>
}

/** Every category, in the order of the published table. */
export const taxonomy: ReadonlyArray<TaxonomyCategory> = taxonomyRows.map(([id, parent, name, path]) => ({
  id,
  name,
  parent: parent === "" ? undefined : parent,
  path
}))

const byId: ReadonlyMap<string, TaxonomyCategory> = new Map(taxonomy.map((category) => [category.id, category]))

export const taxonomyById = (id: string): TaxonomyCategory | undefined => byId.get(id)

/** Whether `id` is a Unique ID of the taxonomy (catalog `categories` must be). */
export const isTaxonomyId = (id: string): boolean => byId.has(id)

/**
 * The category's name to show a user writing `language` (ISO 639-1): the
 * Korean name for "ko" (names-ko.ts), the taxonomy's English name otherwise;
 * the id itself for an id the taxonomy lacks.
 */
export const categoryName = (id: string, language: string): string => {
  // Own keys only, so that "constructor" and the like stay unknown ids.
  if (language === "ko" && Object.hasOwn(namesKo, id)) return namesKo[id]!
  return byId.get(id)?.name ?? id
}

const ancestorsById: ReadonlyMap<string, ReadonlyArray<string>> = new Map(taxonomy.map((category) => {
  const ancestors: Array<string> = []
  // The guard on length stops a cycle, should a future table ever have one.
  for (let parent = category.parent; parent !== undefined && ancestors.length < 8; parent = byId.get(parent)?.parent) {
    ancestors.push(parent)
  }
  return [category.id, ancestors]
}))

/** Ids of the category's parent, grandparent, ... up to its tier-1 root; empty for unknown ids. */
export const ancestorsOf = (id: string): ReadonlyArray<string> => ancestorsById.get(id) ?? []

/** Whether `id` is `ancestor` or lies below it. */
export const isWithin = (id: string, ancestor: string): boolean =>
  id === ancestor || ancestorsOf(id).includes(ancestor)
