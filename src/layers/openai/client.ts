/**
 * The SDK side of a provider: one `openai` client per provider (shared by
 * every call, retrying nothing: retries and failover live in the chain) and
 * the chat-completions request body of a call.
 */
import OpenAI from "openai"
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions"
import { Duration, Redacted } from "effect"
import { buildPrompt, toChatMessages } from "../../domain/prompt.js"
import type { LlmRequest } from "../../services/Llm.js"
import type { OpenAiCompatibleOptions } from "./config.js"
import { searchRecencyFilter } from "./perplexity.js"

export const makeClient = (options: OpenAiCompatibleOptions): OpenAI =>
  new OpenAI({
    apiKey: Redacted.value(options.apiKey),
    ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
    maxRetries: 0,
    // A safety net only: the provider's first-token and idle limits are the ones that act.
    timeout: Duration.toMillis(options.firstTokenTimeout) + Duration.toMillis(options.idleTimeout),
    // The SDK would log a malformed SSE line with console.error; we turn it into a ProviderFailure.
    logLevel: "off"
  })

export type Body = ChatCompletionCreateParamsStreaming & { search_recency_filter?: string }

export const requestBody = (options: OpenAiCompatibleOptions, request: LlmRequest): Body => {
  const recency = options.flavor === "perplexity" ? searchRecencyFilter(request.period) : undefined
  return {
    model: options.model,
    messages: toChatMessages(buildPrompt(request)).map((m) => ({ role: m.role, content: m.content })),
    stream: true,
    max_tokens: options.maxTokens,
    temperature: options.temperature,
    ...(recency === undefined ? {} : { search_recency_filter: recency })
  }
}
