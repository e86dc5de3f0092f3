/**
 * A real redis-server on loopback for the Redis cache tests, started by the
 * test itself and killed in a finalizer. redis-server cannot listen on port
 * 0, so a free port is found by binding a socket on 0 and closing it.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { accessSync, constants } from "node:fs"
import { createConnection, createServer } from "node:net"
import { delimiter, join } from "node:path"
import { Effect, type Scope } from "effect"

/** The redis-server binary on PATH (or /usr/bin), or undefined. */
export const findRedisServer = (): string | undefined => {
  const dirs = [...(process.env["PATH"] ?? "").split(delimiter), "/usr/bin", "/usr/local/bin"]
  for (const dir of dirs) {
    if (dir === "") continue
    const candidate = join(dir, "redis-server")
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

/** One PING over a raw socket: true on +PONG. */
const ping = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once("error", () => done(false))
    socket.once("connect", () => socket.write("PING\r\n"))
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")))
  })

export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Kills the server (SIGKILL: as a crash would). */
  readonly stop: Effect.Effect<void>
  /** Starts it again on the same port. */
  readonly start: Effect.Effect<void, Error>
}

export const startRedisServer = (binary: string): Effect.Effect<RedisServer, Error, Scope.Scope> =>
  Effect.gen(function*() {
    const port = yield* Effect.promise(freePort)
    let child: ChildProcess | undefined

    const stop = Effect.promise(() =>
      new Promise<void>((resolve) => {
        const running = child
        child = undefined
        if (running === undefined || running.exitCode !== null) return resolve()
        running.once("exit", () => resolve())
        running.kill("SIGKILL")
      })
    )

    const start = Effect.gen(function*() {
      child = spawn(binary, [
        "--port", String(port),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--enable-debug-command", "yes"
      ], { stdio: "ignore" })
      for (let attempt = 0; attempt < 100; attempt++) {
        if (yield* Effect.promise(() => ping(port))) return
        yield* Effect.sleep("50 millis")
      }
      return yield* Effect.fail(new Error(`redis-server did not answer PING on port ${port}`))
    })

    yield* Effect.addFinalizer(() => stop)
    yield* start
    return { port, url: `redis://127.0.0.1:${port}`, stop, start }
  })
