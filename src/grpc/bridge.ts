/**
 * Writes an Effect Stream into a grpc-js writable call with backpressure: when
 * `write()` reports a full buffer, no more is pulled from the stream until the
 * call drains, so a slow reader slows the upstream instead of filling memory.
 * The stream's elements become messages as they are written (no mapping
 * stage), so the write loop is the call's one stream executor.
 */
import type { ServerWritableStream } from "@grpc/grpc-js"
import { Effect, Stream } from "effect"

const awaitDrain = (call: ServerWritableStream<unknown, unknown>): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    const onDrain = () => resume(Effect.void)
    call.once("drain", onDrain)
    return Effect.sync(() => call.off("drain", onDrain))
  })

/** `toMessages` writes the messages one element becomes (usually one; none or two when an edge holds one back). */
export const writeStream = <A, Req, Res, E, R>(
  call: ServerWritableStream<Req, Res>,
  stream: Stream.Stream<A, E, R>,
  toMessages: (element: A, write: (message: Res) => void) => void
): Effect.Effect<void, E, R> =>
  Stream.runForEachChunk(stream, (chunk) =>
    Effect.suspend(() => {
      let full = false
      const write = (message: Res) => {
        full = !call.write(message)
      }
      for (const element of chunk) toMessages(element, write)
      return full ? awaitDrain(call as ServerWritableStream<unknown, unknown>) : Effect.void
    }))

/** One message, with the same backpressure. */
export const writeMessage = <Req, Res>(call: ServerWritableStream<Req, Res>, message: Res): Effect.Effect<void> =>
  Effect.suspend(() => call.write(message) ? Effect.void : awaitDrain(call as ServerWritableStream<unknown, unknown>))
