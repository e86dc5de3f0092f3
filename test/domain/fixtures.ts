import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { decodeBrowserContext, type BrowserContext } from "../../src/domain/context.js"

export const fixtureNames = ["developer-week", "korean-cooking-fan", "news-junkie", "mixed-profile", "cold-start"] as const

/** An example context of test/fixtures/contexts, decoded as the gRPC edge decodes it. */
export const loadContext = (name: (typeof fixtureNames)[number]): BrowserContext =>
  Effect.runSync(decodeBrowserContext(readFileSync(new URL(`../fixtures/contexts/${name}.json`, import.meta.url), "utf8")))
