/**
 * The production provider chain (LlmLive) against two fake upstreams, openai
 * and perplexity, configured from environment-like settings, with a small
 * catalog as its last link. Shared by the chain-level and the gRPC-level tests.
 */
import { ConfigProvider, Effect, Layer } from "effect"
import { catalogFromItems } from "../../src/layers/Catalog.js"
import { LlmLive } from "../../src/layers/LlmChain.js"
import { Catalog } from "../../src/services/Catalog.js"
import { startFakeOpenAi } from "../support/fakeOpenAi.js"
import { candidates } from "./fixtures.js"

export const fakeServer = Effect.acquireRelease(
  Effect.promise(() => startFakeOpenAi()),
  (fake) => Effect.promise(() => fake.close())
)

/** LlmLive built from `env`, with the fixtures' catalog. */
export const chainLayer = (env: Readonly<Record<string, string>>) =>
  LlmLive.pipe(
    Layer.provide(Layer.succeed(Catalog, catalogFromItems(candidates))),
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
  )

/** Two fakes and the chain in front of them (short timeouts, one fast retry). */
export const twoFakesChain = (env: Readonly<Record<string, string>> = {}) =>
  Effect.gen(function*() {
    const openai = yield* fakeServer
    const perplexity = yield* fakeServer
    const layer = chainLayer({
      OPENAI_API_KEY: "sk-openai-test",
      OPENAI_BASE_URL: openai.baseURL,
      PERPLEXITY_API_KEY: "pplx-test",
      PERPLEXITY_BASE_URL: perplexity.baseURL,
      LLM_FIRST_TOKEN_TIMEOUT_MS: "1000",
      LLM_IDLE_TIMEOUT_MS: "2000",
      LLM_RETRIES: "1",
      LLM_RETRY_BASE_MS: "10",
      ...env
    })
    return { openai, perplexity, layer }
  })
