/** The SDK reader takes what is already there in one pull, and never waits for more. */
import { describe, expect, it } from "vitest"
import { readWhatIsReady } from "../../src/layers/openai/sse.js"

/** An async iterator fed by hand: `push` makes values available, `fail` an error. */
const manual = <A>() => {
  const queue: Array<{ value: A } | { error: Error } | { done: true }> = []
  let wake: (() => void) | undefined
  const iterator: AsyncIterator<A> = {
    next: async () => {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve))
      const item = queue.shift()!
      if ("error" in item) throw item.error
      return "done" in item ? { done: true, value: undefined } : { done: false, value: item.value }
    }
  }
  const add = (item: (typeof queue)[number]) => {
    queue.push(item)
    wake?.()
  }
  return {
    iterator,
    push: (...values: Array<A>) => values.forEach((value) => add({ value })),
    fail: (error: Error) => add({ error }),
    end: () => add({ done: true })
  }
}

describe("readWhatIsReady", () => {
  it("returns every value already there in one read, then waits for the next", async () => {
    const source = manual<number>()
    const read = readWhatIsReady(source.iterator)
    source.push(1, 2, 3)
    expect(await read()).toEqual({ chunks: [1, 2, 3], done: false })
    const later = read()
    setTimeout(() => source.push(4), 20)
    expect(await later).toEqual({ chunks: [4], done: false })
    source.end()
    expect(await read()).toEqual({ chunks: [], done: true })
  })

  it("reports the end together with the last values", async () => {
    const source = manual<string>()
    source.push("a", "b")
    source.end()
    expect(await readWhatIsReady(source.iterator)()).toEqual({ chunks: ["a", "b"], done: true })
  })

  it("hands over what was read before a failure, and the failure on the next read", async () => {
    const source = manual<string>()
    const read = readWhatIsReady(source.iterator)
    source.push("a")
    source.fail(new Error("cut"))
    expect(await read()).toEqual({ chunks: ["a"], done: false })
    await expect(read()).rejects.toThrow("cut")
  })
})
