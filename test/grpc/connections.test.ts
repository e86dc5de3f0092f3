/**
 * Connection age and keepalive: the settings a fleet needs so that clients
 * reconnect (and re-balance) without any call failing.
 */
import * as grpc from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Option } from "effect"
import { connectionConfig, connectionOptions } from "../../src/grpc/connections.js"
import { chunk, makeScriptedLlm, sleep } from "../layers/LlmScripted.js"
import { collect, startWorker, validRequest, type Worker } from "../support/grpc.js"

const withEnv = (env: Record<string, string>) => Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

/** Six chunks a quarter of a second apart: a stream that outlives a short connection age. */
const slowAnswer = Array.from({ length: 6 }, (_, i) => [sleep(250), chunk(`part ${i}; `)]).flat()

/** Every connectivity state the client's channel goes through, from READY on. */
const watchStates = (worker: Worker) => {
  const channel = worker.client.getChannel()
  const states: Array<grpc.connectivityState> = []
  const watch = (from: grpc.connectivityState) =>
    channel.watchConnectivityState(from, Infinity, (error) => {
      if (error) return
      const next = channel.getConnectivityState(false)
      states.push(next)
      if (next !== grpc.connectivityState.SHUTDOWN) watch(next)
    })
  watch(grpc.connectivityState.READY)
  return states
}

const ready = (worker: Worker) =>
  Effect.async<void, Error>((resume) =>
    worker.client.waitForReady(Date.now() + 10_000, (error) => resume(error ? Effect.fail(error) : Effect.void))
  )

describe("connection age", () => {
  it.scopedLive("an aged connection is closed gracefully: the stream in flight finishes, the client reconnects, no call fails", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => slowAnswer)
      const worker = yield* startWorker(llm.layer).pipe(
        withEnv({ GRPC_MAX_CONNECTION_AGE_MS: "300", GRPC_MAX_CONNECTION_AGE_GRACE_MS: "30000" })
      )
      yield* ready(worker)
      const states = watchStates(worker)
      const first = yield* Effect.promise(() => collect(worker.client.Recommend(validRequest)))
      expect(first.status.code).toBe(grpc.status.OK)
      expect(first.messages.filter((m) => m.is_final === "false").map((m) => m.content).join(""))
        .toBe(Array.from({ length: 6 }, (_, i) => `part ${i}; `).join(""))
      // The server's GOAWAY took the channel out of READY while the stream ran on.
      expect(states.length).toBeGreaterThan(0)
      expect(states[0]).not.toBe(grpc.connectivityState.READY)
      const second = yield* Effect.promise(() => collect(worker.client.Recommend(validRequest)))
      expect(second.status.code).toBe(grpc.status.OK)
    }))

  it.scopedLive("without it, the same stream leaves the connection as it was", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => slowAnswer)
      const worker = yield* startWorker(llm.layer).pipe(withEnv({}))
      yield* ready(worker)
      const states = watchStates(worker)
      const first = yield* Effect.promise(() => collect(worker.client.Recommend(validRequest)))
      expect(first.status.code).toBe(grpc.status.OK)
      expect(states).toEqual([])
    }))
})

describe("connection settings", () => {
  it.effect("become grpc-js server options; unset ones are left to grpc-js", () =>
    Effect.gen(function*() {
      const all = yield* connectionConfig.pipe(withEnv({
        GRPC_MAX_CONNECTION_AGE_MS: "300000",
        GRPC_MAX_CONNECTION_AGE_GRACE_MS: "60000",
        GRPC_KEEPALIVE_TIME_MS: "30000",
        GRPC_KEEPALIVE_TIMEOUT_MS: "10000"
      }))
      expect(connectionOptions(all)).toEqual({
        "grpc.max_connection_age_ms": 300_000,
        "grpc.max_connection_age_grace_ms": 60_000,
        "grpc.keepalive_time_ms": 30_000,
        "grpc.keepalive_timeout_ms": 10_000
      })
      const none = yield* connectionConfig.pipe(withEnv({}))
      expect(none.maxAgeMs).toEqual(Option.none())
      expect(connectionOptions(none)).toEqual({})
    }))

  it.effect("refuses a value that is not a positive integer, and a grace without an age, naming the variable", () =>
    Effect.gen(function*() {
      const bad = yield* Effect.flip(connectionConfig.pipe(withEnv({ GRPC_KEEPALIVE_TIME_MS: "-5" })))
      expect(String(bad)).toContain("GRPC_KEEPALIVE_TIME_MS")
      const words = yield* Effect.flip(connectionConfig.pipe(withEnv({ GRPC_MAX_CONNECTION_AGE_MS: "5 minutes" })))
      expect(String(words)).toContain("GRPC_MAX_CONNECTION_AGE_MS")
      const graceOnly = yield* Effect.flip(connectionConfig.pipe(withEnv({ GRPC_MAX_CONNECTION_AGE_GRACE_MS: "1000" })))
      expect(String(graceOnly)).toContain("GRPC_MAX_CONNECTION_AGE_GRACE_MS")
      expect(String(graceOnly)).toContain("GRPC_MAX_CONNECTION_AGE_MS, which is not set")
    }))
})
