/**
 * Finalizers on the hot path. `Effect.addFinalizer` and `Effect.acquireRelease`
 * take a snapshot of the fiber's references when the finalizer is added (a
 * copy of every FiberRef) and restore it around the finalizer (a diff and a
 * patch of the context): tens of µs per call for a finalizer that only
 * clears a timer or gives back a slot. These add the finalizer to the current
 * scope as it is; use them only for finalizers that read nothing from the
 * fiber (no logging, no services).
 */
import { Effect, type Exit, Scope } from "effect"

/** Runs `finalizer` when the current scope closes, with the scope's exit. */
export const onScopeClose = (
  finalizer: (exit: Exit.Exit<unknown, unknown>) => Effect.Effect<void>
): Effect.Effect<void, never, Scope.Scope> => Effect.flatMap(Effect.scope, (scope) => Scope.addFinalizerExit(scope, finalizer))

/** `acquire`, released when the current scope closes (acquisition is uninterruptible). */
export const acquireReleasePlain = <A, E, R>(
  acquire: Effect.Effect<A, E, R>,
  release: (a: A, exit: Exit.Exit<unknown, unknown>) => Effect.Effect<void>
): Effect.Effect<A, E, R | Scope.Scope> =>
  Effect.uninterruptible(Effect.tap(acquire, (a) => onScopeClose((exit) => release(a, exit))))
