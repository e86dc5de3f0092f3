/**
 * Canonical forms and content hashes: the same value written with its object
 * keys in another order has the same form and the same hash, so that a cache
 * or a cassette finds it whichever way a client serialized it.
 */
import { createHash } from "node:crypto"
import type { LlmRequest } from "./llmRequest.js"
import type { BrowserContext } from "./context.js"

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value)

/**
 * JSON with object keys sorted recursively (array order is kept: it is data).
 * `undefined` properties are left out, as JSON.stringify does, so an optional
 * field that is absent and one that is undefined give the same form.
 */
export const canonicalJson = (value: unknown): string => JSON.stringify(sortKeys(value))

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (!isPlainObject(value)) return value
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    const inner = value[key]
    if (inner !== undefined) sorted[key] = sortKeys(inner)
  }
  return sorted
}

/** Lower-case hex SHA-256 of a text's UTF-8 bytes. */
export const sha256Hex = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex")

/** The content hash of any JSON-like value, independent of key order. */
export const contentHash = (value: unknown): string => sha256Hex(canonicalJson(value))

/**
 * The analysis cache's key: the canonical text of the context and the user id
 * (the analysis masks the user id, so it depends on it). The same context in
 * any key order gives the same key. The cache stores only a keyed hash of it
 * (layers/CacheBackend.ts): serializing once and hashing once, as before.
 */
export const contextKey = (context: BrowserContext, userId: string): string =>
  `${userId.length}:${userId}\n${canonicalJson(context)}`

/**
 * The hash of everything an LLM provider is given for one answer: the
 * analysis, the sanitized view, the content type, the period and the
 * grounding candidates. Left out: the deadline (when, not what) and the user's
 * pseudonym (never put in the prompt), so equal prompts share a key.
 */
export const llmRequestKey = (request: LlmRequest): string =>
  contentHash({
    analysis: request.analysis,
    sites: request.view.sites,
    queries: request.view.queries,
    contentType: request.contentType,
    period: request.period,
    candidates: request.candidates
  })
