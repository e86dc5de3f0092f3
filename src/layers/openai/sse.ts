/**
 * Reading the SDK's stream of server-sent events in batches: what one network
 * read delivered, in one pull.
 */
const notYet: unique symbol = Symbol("notYet")
const nextTurn = () => new Promise<typeof notYet>((resolve) => setImmediate(resolve, notYet))

/**
 * Returns a reader that waits for the next SSE chunk, then also takes every
 * chunk that is already parsed (they settle before the event loop's next
 * turn), so that one network read is one pull of the Effect stream rather
 * than one pull per delta: each pull crosses every stage of the stream, and
 * at 0 ms between deltas that cost dominated the worker's CPU
 * (docs/PERFORMANCE.md). Nothing waits for more than is already there. A read
 * that has not settled by then, or that failed, is kept for the next call.
 */
export const readWhatIsReady = <A>(iterator: AsyncIterator<A>) => {
  let pending: Promise<IteratorResult<A>> | undefined
  return async (): Promise<{ readonly chunks: Array<A>; readonly done: boolean }> => {
    const first = await (pending ?? iterator.next())
    pending = undefined
    if (first.done === true) return { chunks: [], done: true }
    const chunks = [first.value]
    const turn = nextTurn()
    for (;;) {
      const next = iterator.next()
      let settled: IteratorResult<A> | typeof notYet
      try {
        settled = await Promise.race([next, turn])
      } catch {
        pending = next // its failure is reported by the next read, after what was read here
        return { chunks, done: false }
      }
      if (settled === notYet) {
        pending = next
        return { chunks, done: false }
      }
      if (settled.done === true) return { chunks, done: true }
      chunks.push(settled.value)
    }
  }
}

