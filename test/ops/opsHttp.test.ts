/** The operations port on its own: its three routes, methods, a port in use, and release on close. */
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Exit, Layer, Scope } from "effect"
import * as net from "node:net"
import { layer as opsHttp, OpsHttpServer } from "../../src/http/opsServer.js"
import { ServingStateLive } from "../../src/layers/ServingState.js"
import { ServingState } from "../../src/services/ServingState.js"

const request = (port: number, path: string, method = "GET") =>
  Effect.promise(async () => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { method })
    return { status: response.status, contentType: response.headers.get("content-type"), body: await response.text() }
  })

/** The ops port on a free port, with its own serving state; both live in the given scope. */
const start = (scope: Scope.Scope) =>
  Effect.gen(function*() {
    const state = yield* Layer.buildWithScope(ServingStateLive, scope)
    const http = yield* Layer.buildWithScope(
      opsHttp({ host: "127.0.0.1", port: 0 }).pipe(Layer.provide(Layer.succeedContext(state))),
      scope
    )
    return { port: Context.get(http, OpsHttpServer).port, state: Context.get(state, ServingState) }
  })

const refused = (port: number) =>
  Effect.promise(() =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1")
      socket.once("connect", () => {
        socket.destroy()
        resolve(false)
      })
      socket.once("error", () => resolve(true))
    })
  )

describe("operations port", () => {
  it.scopedLive("answers GET and HEAD on its three routes, ignores the query, 404 elsewhere, 405 for other methods", () =>
    Effect.gen(function*() {
      const { port, state } = yield* start(yield* Effect.scope)
      expect(yield* request(port, "/healthz")).toEqual({ status: 200, contentType: "text/plain", body: "ok\n" })
      // Not serving yet: readiness says where the worker is.
      expect(yield* request(port, "/readyz")).toMatchObject({ status: 503, body: "starting\n" })
      yield* state.set("serving")
      expect(yield* request(port, "/readyz?verbose=1")).toMatchObject({ status: 200, body: "ready\n" })
      yield* state.set("draining")
      expect(yield* request(port, "/readyz")).toMatchObject({ status: 503, body: "draining\n" })

      const metrics = yield* request(port, "/metrics")
      expect(metrics.status).toBe(200)
      expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/)
      expect(metrics.body).toMatch(/^process_cpu_seconds_total /m)
      expect(yield* request(port, "/metrics", "HEAD")).toMatchObject({ status: 200, body: "" })

      expect((yield* request(port, "/healthz", "POST")).status).toBe(405)
      expect((yield* request(port, "/", "GET")).status).toBe(404)
      expect((yield* request(port, "/healthz/", "GET")).status).toBe(404)
      expect((yield* request(port, "/toString", "GET")).status).toBe(404)
    }))

  it.live("fails to start, naming the variables, when the port is taken; frees the port when closed", () =>
    Effect.gen(function*() {
      const scope = yield* Scope.make()
      const { port } = yield* start(scope)
      const second = yield* Effect.exit(
        Layer.build(opsHttp({ host: "127.0.0.1", port }).pipe(Layer.provide(ServingStateLive))).pipe(Effect.scoped)
      )
      expect(Exit.isFailure(second)).toBe(true)
      if (Exit.isFailure(second)) expect(String(second.cause)).toMatch(/METRICS_PORT.*EADDRINUSE/)
      expect(yield* refused(port)).toBe(false)
      yield* Scope.close(scope, Exit.void)
      expect(yield* refused(port)).toBe(true)
    }))
})
