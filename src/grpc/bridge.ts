/**
 * Writes an Effect Stream into a grpc-js writable call with backpressure: when
 * `write()` reports a full buffer, no more is pulled from the stream until the
 * call drains, so a slow reader slows the upstream instead of filling memory.
 */
import type { ServerWritableStream } from "@grpc/grpc-js"
import { Effect, Stream } from "effect"

const awaitDrain = (call: ServerWritableStream<unknown, unknown>): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    const onDrain = () => resume(Effect.void)
    call.once("drain", onDrain)
    return Effect.sync(() => call.off("drain", onDrain))
  })

export const writeStream = <Req, Res, E, R>(
  call: ServerWritableStream<Req, Res>,
  stream: Stream.Stream<Res, E, R>
): Effect.Effect<void, E, R> =>
  Stream.runForEachChunk(stream, (chunk) =>
    Effect.suspend(() => {
      let full = false
      for (const message of chunk) full = !call.write(message)
      return full ? awaitDrain(call as ServerWritableStream<unknown, unknown>) : Effect.void
    }))
