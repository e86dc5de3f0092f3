/** The worker's own settings: where it listens, input limits, lifecycle. */
import { Context, type Option, type Redacted } from "effect"
import type { ContextLimits } from "../domain/context.js"
import type { UngroundedLinks } from "../domain/items/item.js"

export interface WorkerSettings {
  readonly host: string
  readonly port: number
  readonly limits: ContextLimits
  /** How long in-flight streams may run on after SIGTERM before they are cancelled. */
  readonly shutdownGraceMs: number
  /** Key of the HMAC that turns user ids into pseudonyms; without it no user id leaves the process. */
  readonly pseudonymKey: Option.Option<Redacted.Redacted>
  /** Links the model wrote that are not grounding candidates, as items: keep, mark (the default) or drop. */
  readonly ungroundedLinks?: UngroundedLinks
}

export class WorkerConfig extends Context.Tag("llm-worker-rec/WorkerConfig")<WorkerConfig, WorkerSettings>() {}
