/** The standard health service across start and drain, and server reflection. */
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Deferred, Effect, Exit, Fiber, Scope } from "effect"
import { maxWatchersConfig } from "../../src/grpc/health.js"
import { chunk, makeScriptedLlm, stall } from "../layers/LlmScripted.js"
import { OpsTest } from "../layers/OpsTest.js"
import { collect, startWorker, validRequest } from "../support/grpc.js"
import { healthCheck, healthClient, httpGet, listServices, metadataWith, startOpsWorker } from "./support.js"

describe("health", () => {
  it.scopedLive("answers SERVING for the whole server and the recommendation service once listening", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("x")])
      const worker = yield* startWorker(llm.layer)
      const client = yield* healthClient(worker.port)
      for (const service of ["", "recommendation.RecommendationService"]) {
        const { error, value } = yield* healthCheck(client, service)
        expect(error).toBeUndefined()
        expect(value?.status).toBe("SERVING")
      }
      const unknown = yield* healthCheck(client, "nope.Service")
      expect(unknown.error?.code).toBe(Status.NOT_FOUND)
    }))

  it.scopedLive("is exempt from API keys, and so is reflection", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("x")])
      const worker = yield* startWorker(llm.layer, { ops: OpsTest({ apiKeys: ["health-test-key-0123456789"] }) })
      const client = yield* healthClient(worker.port)
      const withoutKey = yield* healthCheck(client, "")
      expect(withoutKey.value?.status).toBe("SERVING")
      const wrongKey = yield* healthCheck(client, "", metadataWith({ "x-api-key": "wrong" }))
      expect(wrongKey.value?.status).toBe("SERVING")
      // Reflection too: the authentication interceptor guards the recommendation service only.
      expect(yield* listServices(worker.port)).toContain("recommendation.RecommendationService")
    }))

  it.scopedLive("turns NOT_SERVING for watchers and /readyz when the drain starts, and lets the drain finish", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("first"), stall])
      const workerScope = yield* Scope.make()
      // A long grace period: the drain ends because the last call ends, not because time ran out.
      const worker = yield* startOpsWorker(llm.layer, { workerScope, settings: { shutdownGraceMs: 60_000 } })
      expect((yield* httpGet(worker.httpPort, "/readyz")).status).toBe(200)

      const client = yield* healthClient(worker.port)
      const statuses: Array<string> = []
      const sawServing = yield* Deferred.make<void>()
      const sawNotServing = yield* Deferred.make<void>()
      const watchEnded = yield* Deferred.make<number>()
      const watch = client.watch({ service: "" })
      watch.on("data", ({ status }: { status: string }) => {
        statuses.push(status)
        if (status === "SERVING") Deferred.unsafeDone(sawServing, Exit.void)
        if (status === "NOT_SERVING") Deferred.unsafeDone(sawNotServing, Exit.void)
      })
      watch.on("error", () => {})
      watch.on("status", ({ code }: { code: number }) => Deferred.unsafeDone(watchEnded, Exit.succeed(code)))
      yield* Deferred.await(sawServing)

      // One call in flight keeps the drain going until we cancel it.
      const inFlight = worker.client.Recommend(validRequest)
      const result = collect(inFlight)
      yield* Effect.async<void>((resume) => void inFlight.once("data", () => resume(Effect.void)))

      const closing = yield* Effect.fork(Scope.close(workerScope, Exit.void))
      yield* Deferred.await(sawNotServing)
      const ready = yield* httpGet(worker.httpPort, "/readyz")
      expect(ready.status).toBe(503)
      expect(ready.body).toMatch(/draining/)
      expect((yield* httpGet(worker.httpPort, "/healthz")).status).toBe(200)

      inFlight.cancel()
      expect((yield* Effect.promise(() => result)).status.code).toBe(Status.CANCELLED)
      yield* Fiber.join(closing)
      expect(yield* Deferred.await(watchEnded)).toBe(Status.OK)
      expect(statuses).toEqual(["SERVING", "NOT_SERVING"])
    }))
})

describe("health watch cap", () => {
  /** Opens a Watch: resolves with "open" on its first status, or with the status code it was refused with. */
  const openWatch = (client: Effect.Effect.Success<ReturnType<typeof healthClient>>) =>
    Effect.async<{ readonly outcome: "open" | number; readonly cancel: () => void }>((resume) => {
      const watch = client.watch({ service: "" })
      const cancel = () => watch.cancel()
      watch.once("data", () => resume(Effect.succeed({ outcome: "open", cancel })))
      watch.on("error", () => {})
      watch.once("status", ({ code }: { code: number }) => resume(Effect.succeed({ outcome: code, cancel })))
    })

  it.scopedLive("refuses a Watch past HEALTH_MAX_WATCHERS with RESOURCE_EXHAUSTED, and takes one again once a watcher leaves", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("x")])
      const worker = yield* startWorker(llm.layer).pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["HEALTH_MAX_WATCHERS", "3"]])))
      )
      const client = yield* healthClient(worker.port)
      const open = yield* Effect.forEach([1, 2, 3], () => openWatch(client))
      expect(open.map((w) => w.outcome)).toEqual(["open", "open", "open"])
      const refused = yield* openWatch(client)
      expect(refused.outcome).toBe(Status.RESOURCE_EXHAUSTED)
      // Check is not limited.
      expect((yield* healthCheck(client, "")).value?.status).toBe("SERVING")
      open[0]?.cancel()
      // The server hears of the cancel asynchronously: retry until it has (bounded).
      let again = yield* openWatch(client)
      for (let attempt = 0; again.outcome !== "open" && attempt < 100; attempt++) {
        yield* Effect.sleep("50 millis")
        again = yield* openWatch(client)
      }
      expect(again.outcome).toBe("open")
      for (const w of [...open, again]) w.cancel()
    }))

  it.effect("refuses a HEALTH_MAX_WATCHERS that is not a positive integer", () =>
    Effect.gen(function*() {
      const bad = yield* Effect.either(
        maxWatchersConfig.pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["HEALTH_MAX_WATCHERS", "0"]]))))
      )
      expect(String(bad)).toMatch(/HEALTH_MAX_WATCHERS/)
      expect(yield* maxWatchersConfig.pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map())))).toBe(100)
    }))
})

describe("reflection", () => {
  it.scopedLive("lists the recommendation and health services", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("x")])
      const worker = yield* startWorker(llm.layer)
      const services = yield* listServices(worker.port)
      expect(services).toContain("recommendation.RecommendationService")
      expect(services).toContain("grpc.health.v1.Health")
    }))

  it.scopedLive("is off with GRPC_REFLECTION=off", () =>
    Effect.gen(function*() {
      const llm = yield* makeScriptedLlm(() => [chunk("x")])
      const worker = yield* startWorker(llm.layer).pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["GRPC_REFLECTION", "off"]])))
      )
      const error = yield* Effect.flip(listServices(worker.port))
      expect(error.code).toBe(Status.UNIMPLEMENTED)
    }))
})
