/**
 * Who may call the worker, and how much at once: API-key authentication and
 * a per-key limit on concurrent streams.
 */
import { Context, type Effect, type Scope } from "effect"
import type { PresentedHeaders } from "../domain/apiKeys.js"
import type { ResourceExhausted, Unauthenticated } from "../domain/errors.js"

/** An admitted caller. */
export interface Caller {
  /** Short id of the key used (see `keyId`), or undefined when the service is open. */
  readonly keyId: string | undefined
}

export interface AccessControlService {
  /** False when no keys are configured: every call is admitted. */
  readonly enforced: boolean
  /** The caller the headers identify, or `Unauthenticated`. */
  readonly authenticate: (headers: PresentedHeaders) => Effect.Effect<Caller, Unauthenticated>
  /**
   * Holds one of the caller's stream slots until the scope closes, or fails
   * with `ResourceExhausted` when the caller already has the maximum open.
   */
  readonly holdStream: (caller: Caller) => Effect.Effect<void, ResourceExhausted, Scope.Scope>
}

export class AccessControl extends Context.Tag("llm-worker-rec/AccessControl")<AccessControl, AccessControlService>() {}
