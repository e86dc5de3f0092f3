/**
 * The response cache as a layer around the `Llm` (RESPONSE_CACHE=on; off by
 * default): it takes the provider chain it is given and answers repeated
 * requests from the Cache. The chain's identity is read from the same
 * variables the chain is built from, so a change of provider, model, endpoint
 * or sampling setting never serves an answer made under the old one.
 */
import { Config, type ConfigError, Effect, Layer, Option } from "effect"
import { type ProviderChainIdentity, withResponseCache } from "../pipeline/cachedResponse.js"
import { Cache } from "../services/Cache.js"
import { Llm } from "../services/Llm.js"
import { catalogPathConfig } from "./Catalog.js"
import { knownProviders, parseProviderList } from "./LlmChain.js"
import { openAiConfig, type OpenAiCompatibleOptions, perplexityConfig } from "./LlmOpenAi.js"

export const responseCacheConfig: Config.Config<boolean> = Config.literal("on", "off")("RESPONSE_CACHE").pipe(
  Config.withDefault("off" as const),
  Config.map((mode) => mode === "on")
)

const describeOpenAi = (options: OpenAiCompatibleOptions): string =>
  [options.name, options.model, options.baseURL ?? "default", options.maxTokens, options.temperature].join("|")

/** What the chain answers with, from `LLM_PROVIDERS` and each provider's settings (as LlmChain.ts reads them). */
export const providerChainIdentityConfig: Config.Config<ProviderChainIdentity> = Config.all({
  openai: openAiConfig,
  perplexity: perplexityConfig,
  listed: Config.option(Config.string("LLM_PROVIDERS")),
  catalog: catalogPathConfig
}).pipe(Config.map(({ catalog, listed, openai, perplexity }) => {
  const configured = { openai: Option.isSome(openai), perplexity: Option.isSome(perplexity), catalog: true }
  const parsed = Option.map(listed, parseProviderList)
  // An invalid list fails the chain itself with a clear message; here it only needs to differ.
  const names = Option.match(parsed, {
    onNone: () => knownProviders.filter((name) => configured[name]),
    onSome: (list) => (typeof list === "string" ? [`invalid:${list}`] : list)
  })
  const describe = (name: string): string =>
    name === "openai"
      ? Option.match(openai, { onNone: () => name, onSome: describeOpenAi })
      : name === "perplexity"
      ? Option.match(perplexity, { onNone: () => name, onSome: describeOpenAi })
      : name === "catalog"
      ? `catalog|${catalog}`
      : name
  return { identity: names.map(describe).join(" > "), primary: names[0] ?? "" }
}))

/** Needs the `Llm` to wrap (the provider chain) and the `Cache`; passes the `Llm` through when off. */
export const LlmResponseCacheLive: Layer.Layer<Llm, ConfigError.ConfigError, Llm | Cache> = Layer.effect(
  Llm,
  Effect.gen(function*() {
    const llm = yield* Llm
    if (!(yield* responseCacheConfig)) return llm
    const chain = yield* providerChainIdentityConfig
    yield* Effect.logInfo("response cache on").pipe(Effect.annotateLogs({ primary: chain.primary }))
    return withResponseCache(llm, yield* Cache, chain)
  })
)

