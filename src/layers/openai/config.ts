/**
 * An OpenAI-compatible provider's options and where they come from: the
 * `<PREFIX>_*` variables of the openai and perplexity providers, and the
 * first-token and idle limits shared by both.
 */
import { Config, ConfigError, Duration, Effect, Option, Redacted } from "effect"
import { positiveInt } from "../configValues.js"
import { isHttpUrl } from "./perplexity.js"

export type OpenAiFlavor = "openai" | "perplexity"

export interface OpenAiCompatibleOptions {
  /** The provider's name in chunks, errors, logs and `LLM_PROVIDERS`. */
  readonly name: "openai" | "perplexity" | (string & {})
  /** "perplexity" adds `search_recency_filter` and appends the citations it returns. */
  readonly flavor: OpenAiFlavor
  readonly apiKey: Redacted.Redacted
  /** undefined: the SDK's default (https://api.openai.com/v1). */
  readonly baseURL: string | undefined
  readonly model: string
  readonly maxTokens: number
  readonly temperature: number
  /** From the start of the request to the first text (connection, headers, first token). */
  readonly firstTokenTimeout: Duration.DurationInput
  /** Between two pieces of text after the first. */
  readonly idleTimeout: Duration.DurationInput
}


/** A current small, cheap, non-reasoning chat model that accepts temperature and max_tokens. */
export const defaultOpenAiModel = "gpt-4.1-mini"
export const defaultPerplexityModel = "sonar"
export const defaultPerplexityBaseURL = "https://api.perplexity.ai"
/**
 * What the SDK is given when OPENAI_BASE_URL is set without OPENAI_API_KEY:
 * local model servers need no key, the SDK insists on one.
 */
export const placeholderApiKey = "no-key"

const millis = (name: string, fallback: number) =>
  positiveInt(name, fallback).pipe(Config.map((ms) => Duration.millis(ms)))

const temperature = (name: string) =>
  Config.number(name).pipe(
    Config.validate({ message: "must be a number from 0 to 2", validation: (t) => t >= 0 && t <= 2 }),
    Config.withDefault(0.7)
  )

const baseUrl = (name: string) =>
  Config.option(Config.string(name).pipe(
    Config.validate({ message: "must be an absolute http(s) URL", validation: isHttpUrl })
  ))

const nonEmpty = (name: string, fallback: string) =>
  Config.string(name).pipe(
    Config.validate({ message: "must not be empty", validation: (s) => s.trim() !== "" }),
    Config.withDefault(fallback)
  )

/** Timeouts shared by every provider. */
export const llmTimeoutsConfig = Config.all({
  firstTokenTimeout: millis("LLM_FIRST_TOKEN_TIMEOUT_MS", 15_000),
  idleTimeout: millis("LLM_IDLE_TIMEOUT_MS", 30_000)
})

/**
 * A provider's options from `<PREFIX>_API_KEY`, `_BASE_URL`, `_MODEL`,
 * `_MAX_TOKENS` and `_TEMPERATURE`; none when neither a key nor a base URL is set.
 */
const providerConfig = (
  name: "openai" | "perplexity",
  defaults: { readonly model: string; readonly baseURL: string | undefined }
): Config.Config<Option.Option<OpenAiCompatibleOptions>> => {
  const prefix = name.toUpperCase()
  return Config.all({
    apiKey: Config.option(Config.redacted(`${prefix}_API_KEY`)),
    baseURL: baseUrl(`${prefix}_BASE_URL`),
    model: nonEmpty(`${prefix}_MODEL`, defaults.model),
    maxTokens: positiveInt(`${prefix}_MAX_TOKENS`, 500),
    temperature: temperature(`${prefix}_TEMPERATURE`),
    timeouts: llmTimeoutsConfig
  }).pipe(Config.map(({ apiKey, baseURL, model, maxTokens, temperature, timeouts }) =>
    Option.isNone(apiKey) && Option.isNone(baseURL)
      ? Option.none()
      : Option.some<OpenAiCompatibleOptions>({
        name,
        flavor: name,
        apiKey: Option.getOrElse(apiKey, () => Redacted.make(placeholderApiKey)),
        baseURL: Option.getOrElse(baseURL, () => defaults.baseURL),
        model,
        maxTokens,
        temperature,
        ...timeouts
      })
  ))
}

/** The openai provider, when OPENAI_API_KEY or OPENAI_BASE_URL is set (the SDK's base URL otherwise). */
export const openAiConfig = providerConfig("openai", { model: defaultOpenAiModel, baseURL: undefined })

/** The perplexity provider, when PERPLEXITY_API_KEY or PERPLEXITY_BASE_URL is set. */
export const perplexityConfig = providerConfig("perplexity", {
  model: defaultPerplexityModel,
  baseURL: defaultPerplexityBaseURL
})

/** The options, or a start error naming the variables to set. */
export const required = (config: Config.Config<Option.Option<OpenAiCompatibleOptions>>, keyName: string, urlName: string) =>
  Effect.flatMap(config, Option.match({
    onSome: Effect.succeed,
    onNone: () =>
      Effect.fail(ConfigError.MissingData([keyName], `${keyName} (or ${urlName}) must be set for this provider`))
  }))
