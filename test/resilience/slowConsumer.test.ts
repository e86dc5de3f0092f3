/**
 * Slow consumers: a client that reads a message, pauses, reads the next...
 * must not make the worker buffer the upstream answer. The upstream here is a
 * small SSE server that writes its next chunk only when the previous write
 * was taken off its socket (it honours backpressure itself), so the number of
 * chunks it produced tells how far ahead of the client the worker pulled:
 * with backpressure all the way, that number stops growing while the client
 * is paused, far below the answer's length; without it, the whole answer
 * would be pulled into the worker's memory at once.
 */
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import type { RecommendResponse__Output } from "../../src/grpc/generated/recommendation/RecommendResponse.js"
import { finalMessageContent } from "../../src/grpc/proto.js"
import { markedRequest, startResilientWorker } from "./support.js"

const totalChunks = 2_000
/** Big enough that socket and HTTP/2 buffers hold only a fraction of the answer. */
const chunkText = (i: number) => `<${i}>` + "x".repeat(16 * 1024)

interface PacedUpstream {
  readonly baseURL: string
  /** Chunks written so far (each one only after the previous was flushed). */
  readonly produced: () => number
  readonly close: () => Promise<void>
}

const startPacedUpstream = Effect.acquireRelease(
  Effect.promise(() =>
    new Promise<PacedUpstream>((resolve) => {
      let produced = 0
      const server = http.createServer((req, res) => {
        req.resume()
        req.on("end", async () => {
          res.writeHead(200, { "content-type": "text/event-stream" })
          const send = (data: unknown) =>
            new Promise<boolean>((done) => {
              if (res.destroyed) return done(false)
              const flushed = res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`)
              if (flushed) return done(true)
              const onDrain = () => {
                res.off("close", onClose)
                done(true)
              }
              const onClose = () => {
                res.off("drain", onDrain)
                done(false)
              }
              res.once("drain", onDrain)
              res.once("close", onClose)
            })
          const chunk = (delta: object, finish: string | null) => ({
            id: "paced",
            object: "chat.completion.chunk",
            created: 0,
            model: "paced",
            choices: [{ index: 0, delta, finish_reason: finish }]
          })
          for (let i = 0; i < totalChunks; i++) {
            if (!(await send(chunk({ content: chunkText(i) }, null)))) return
            produced++
          }
          await send(chunk({}, "stop"))
          await send("[DONE]")
          res.end()
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resolve({
          baseURL: `http://127.0.0.1:${port}/v1`,
          produced: () => produced,
          close: () =>
            new Promise<void>((done) => {
              server.closeAllConnections()
              server.close(() => done())
            })
        })
      })
    })
  ),
  (upstream) => Effect.promise(() => upstream.close())
)

const sleep = (ms: number) => Effect.promise(() => new Promise((resolve) => setTimeout(resolve, ms)))

describe("resilience: slow consumers", () => {
  it.scopedLive("a paused reader stops the upstream read; resumed, it gets the whole answer in order", () =>
    Effect.gen(function*() {
      const upstream = yield* startPacedUpstream
      // A short idle timeout: time the client spends paused must not count as the upstream being idle.
      const worker = yield* startResilientWorker({
        env: { OPENAI_BASE_URL: upstream.baseURL, LLM_IDLE_TIMEOUT_MS: "300", LLM_FIRST_TOKEN_TIMEOUT_MS: "5000" }
      })
      const stream = worker.client.Recommend(markedRequest(1))
      const received: Array<RecommendResponse__Output> = []
      stream.on("data", (message: RecommendResponse__Output) => received.push(message))
      stream.on("error", () => {})
      const status = new Promise<number>((resolve) => stream.on("status", (s) => resolve(s.code)))

      // Read one message every 200 ms for a few messages (a slow reader)...
      stream.pause()
      for (let i = 0; i < 5; i++) {
        const before = received.length
        stream.resume()
        for (let spins = 0; spins < 100 && received.length === before; spins++) yield* sleep(5)
        stream.pause()
        yield* sleep(200)
      }
      // ...then stay paused until the upstream stops producing (bounded: at most 10 s).
      let plateau = upstream.produced()
      for (let rounds = 0; rounds < 50; rounds++) {
        yield* sleep(200)
        const now = upstream.produced()
        if (now === plateau) break
        plateau = now
      }
      const readWhilePaused = received.length
      // Backpressure reached the upstream read: it produced only a bounded part of the answer.
      expect(upstream.produced()).toBe(plateau)
      expect(plateau).toBeLessThan(totalChunks / 2)
      // What the worker pulled ahead of its client stays a bounded number of chunks.
      expect(plateau - readWhilePaused).toBeLessThan(totalChunks / 2)
      console.info(
        `slow consumer: client read ${readWhilePaused} messages, upstream produced ${plateau} of ${totalChunks} chunks while paused`
      )

      stream.resume()
      const code = yield* Effect.promise(() => status)
      expect(code).toBe(Status.OK)
      expect(upstream.produced()).toBe(totalChunks)
      const texts = received.map((m) => m.content)
      expect(texts).toHaveLength(totalChunks + 1)
      expect(texts.at(-1)).toBe(finalMessageContent)
      const outOfOrder = texts.slice(0, -1).findIndex((text, i) => text !== chunkText(i))
      expect(outOfOrder).toBe(-1)
    }), 60_000)
})
