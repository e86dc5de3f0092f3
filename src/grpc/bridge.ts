/**
 * Writes an answer into a grpc-js writable call with backpressure: when
 * `write()` reports a full buffer, no more is pulled until the call drains,
 * so a slow reader slows the upstream instead of filling memory. The answer
 * is read as a pull (src/services/Llm.ts) in the write loop itself, and its
 * elements become messages as they are written: the call runs no stream
 * executor at all.
 */
import type { ServerWritableStream } from "@grpc/grpc-js"
import { type Chunk, Effect, Option } from "effect"

const awaitDrain = (call: ServerWritableStream<unknown, unknown>): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    const onDrain = () => resume(Effect.void)
    call.once("drain", onDrain)
    return Effect.sync(() => call.off("drain", onDrain))
  })

/**
 * Pulls until the end (`None`), writing what each element becomes:
 * `toMessages` writes the messages one element becomes (usually one; none or
 * two when an edge holds one back).
 */
export const writePull = <A, Req, Res, E>(
  call: ServerWritableStream<Req, Res>,
  pull: Effect.Effect<Chunk.Chunk<A>, Option.Option<E>>,
  toMessages: (element: A, write: (message: Res) => void) => void
): Effect.Effect<void, E> => {
  let full = false
  const write = (message: Res) => {
    full = !call.write(message)
  }
  const drained = Effect.suspend(() => awaitDrain(call as ServerWritableStream<unknown, unknown>))
  const loop: Effect.Effect<void, E> = Effect.matchEffect(pull, {
    onFailure: Option.match({ onNone: () => Effect.void, onSome: Effect.fail }),
    onSuccess: (chunk) => {
      full = false
      for (const element of chunk) toMessages(element, write)
      return full ? Effect.zipRight(drained, loop) : loop
    }
  })
  return loop
}

/** One message, with the same backpressure. */
export const writeMessage = <Req, Res>(call: ServerWritableStream<Req, Res>, message: Res): Effect.Effect<void> =>
  Effect.suspend(() => call.write(message) ? Effect.void : awaitDrain(call as ServerWritableStream<unknown, unknown>))
