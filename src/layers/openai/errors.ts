/**
 * What an error from the `openai` SDK (or from fetch under it) means for us:
 * a `ProviderFailure` of a kind the chain's policy acts on, or a defect when
 * the upstream says our request is wrong (a bug on our side). Details are
 * scrubbed of anything key-like and capped before they reach a log.
 */
import OpenAI from "openai"
import { Clock, Effect } from "effect"
import { ProviderFailure, type ProviderFailureKind } from "../../domain/errors.js"
import { capText } from "../../domain/prompt.js"

export type ErrorClass =
  | { readonly _tag: "Failure"; readonly kind: ProviderFailureKind; readonly retryAfterSeconds?: number; readonly detail: string }
  | { readonly _tag: "Defect"; readonly detail: string }

/** Key-like strings an upstream might echo back ("Incorrect API key provided: sk-ab***yz"). */
const keyLike = /\b(?:sk|pplx|key)-[A-Za-z0-9_*.-]{4,}/g

export const scrubDetail = (text: string): string => capText(text.replace(keyLike, "[redacted]"), 300)

/** `Retry-After` (seconds or an HTTP date) or OpenAI's `retry-after-ms`, in seconds. */
export const parseRetryAfter = (headers: Headers | undefined, now: number): number | undefined => {
  if (headers === undefined) return undefined
  const ms = headers.get("retry-after-ms")
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms) / 1000
  const value = headers.get("retry-after")
  if (value === null || value.trim() === "") return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds : undefined
  const date = Date.parse(value)
  return Number.isFinite(date) ? Math.max(0, (date - now) / 1000) : undefined
}

/**
 * fetch says only "fetch failed"; the socket's error under it (ECONNRESET,
 * UND_ERR_SOCKET "other side closed", UND_ERR_CONNECT_TIMEOUT) is what tells
 * a reused keep-alive connection closed by the upstream from a server that is down.
 */
const socketCode = (error: Error): string => {
  const inner = error.cause
  if (inner === null || typeof inner !== "object") return ""
  const { code, message } = inner as { readonly code?: unknown; readonly message?: unknown }
  const parts = [typeof code === "string" ? code : undefined, typeof message === "string" ? message : undefined]
    .filter((part): part is string => part !== undefined && part !== "")
  return parts.length === 0 ? "" : ` (${parts.join(": ")})`
}

/** What an error thrown by the SDK (or by fetch under it) means for us. */
export const classifyError = (error: unknown, now: number): ErrorClass => {
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return { _tag: "Failure", kind: "timeout", detail: "the request timed out" }
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}${socketCode(error.cause)}` : ""
    return { _tag: "Failure", kind: "connection", detail: scrubDetail(`connection failed${cause}`) }
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status
    // The SDK's message starts with the status ("503 upstream overloaded").
    const detail = scrubDetail(status === undefined ? `error event: ${error.message}` : error.message)
    if (status === undefined) return { _tag: "Failure", kind: "server_error", detail }
    if (status === 429) {
      const retryAfterSeconds = parseRetryAfter(error.headers, now)
      return retryAfterSeconds === undefined
        ? { _tag: "Failure", kind: "rate_limited", detail }
        : { _tag: "Failure", kind: "rate_limited", retryAfterSeconds, detail }
    }
    if (status === 408) return { _tag: "Failure", kind: "timeout", detail }
    // A wrong key or a model the server does not have: this provider cannot
    // answer, but the next one may; the chain logs it and its breaker opens.
    if (status === 401 || status === 403 || status === 404) return { _tag: "Failure", kind: "rejected", detail }
    // 409: a lock the upstream could not take; the SDK itself retries it.
    if (status >= 500 || status === 409) return { _tag: "Failure", kind: "server_error", detail }
    return { _tag: "Defect", detail }
  }
  if (error instanceof SyntaxError) {
    return { _tag: "Failure", kind: "bad_response", detail: scrubDetail(`malformed stream: ${error.message}`) }
  }
  // fetch's "terminated" and socket errors while reading the body.
  const message = error instanceof Error ? error.message : String(error)
  return { _tag: "Failure", kind: "connection", detail: scrubDetail(`stream failed: ${message}`) }
}

/** An upstream 400/422 and the like: the request we built is wrong, a bug on our side. */
export class UpstreamRejectedRequest extends Error {
  constructor(readonly provider: string, detail: string) {
    super(`${provider} rejected the request (a bug on our side): ${detail}`)
    this.name = "UpstreamRejectedRequest"
  }
}

export const toFailure = (provider: string, afterFirstToken: boolean) => (error: unknown) =>
  Effect.flatMap(Clock.currentTimeMillis, (now): Effect.Effect<never, ProviderFailure> => {
    const classified = classifyError(error, now)
    if (classified._tag === "Defect") return Effect.die(new UpstreamRejectedRequest(provider, classified.detail))
    return Effect.fail(new ProviderFailure({
      provider,
      kind: classified.kind,
      afterFirstToken,
      detail: classified.detail,
      ...(classified.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: classified.retryAfterSeconds })
    }))
  })

