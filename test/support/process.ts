/**
 * The worker as a real process (`node --import tsx src/main.ts`), for what
 * only a process boundary shows: signals, exit codes, start-up failures.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { once } from "node:events"

export interface WorkerProcess {
  readonly child: ChildProcess
  /** The gRPC port, read from the "listening on" log line. */
  readonly port: number
  /** The browser edge's port ("http listening on"), once it has logged it; undefined with HTTP_PORT=off. */
  readonly httpPort: () => number | undefined
  readonly stdout: () => string
  readonly stderr: () => string
  /** Resolves with the exit code (or the signal name). */
  readonly exited: Promise<number | string>
}

interface Spawned {
  readonly child: ChildProcess
  readonly stdout: () => string
  readonly stderr: () => string
  readonly exited: Promise<number | string>
}

const spawnMain = (env: Readonly<Record<string, string>>): Spawned => {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: {
      PATH: process.env["PATH"] ?? "",
      GRPC_HOST: "127.0.0.1",
      GRPC_PORT: "0",
      METRICS_PORT: "0",
      // Never the default 8080: tests run side by side.
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: "0",
      ...env
    },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let stdout = ""
  let stderr = ""
  child.stdout?.setEncoding("utf8").on("data", (s: string) => (stdout += s))
  child.stderr?.setEncoding("utf8").on("data", (s: string) => (stderr += s))
  const exited = once(child, "exit").then(([code, signal]) => (code ?? signal) as number | string)
  return { child, stdout: () => stdout, stderr: () => stderr, exited }
}

/** Starts the worker and resolves once it listens; rejects if it exits first. */
export const startWorkerProcess = async (env: Readonly<Record<string, string>>): Promise<WorkerProcess> => {
  const spawned = spawnMain(env)
  const port = await new Promise<number>((resolve, reject) => {
    const onData = () => {
      const match = /(?<!http )listening on [^:"]+:(\d+)/.exec(spawned.stdout())
      if (match?.[1] !== undefined) {
        spawned.child.stdout?.off("data", onData)
        resolve(Number(match[1]))
      }
    }
    spawned.child.stdout?.on("data", onData)
    void spawned.exited.then((code) => reject(new Error(`worker exited (${code}) before listening: ${spawned.stderr()}`)))
  })
  const httpPort = () => {
    const match = /http listening on [^:"]+:(\d+)/.exec(spawned.stdout())
    return match?.[1] === undefined ? undefined : Number(match[1])
  }
  return { ...spawned, port, httpPort }
}

/** Runs the worker expecting it to fail at start: its exit code and stderr. */
export const failedStart = async (env: Readonly<Record<string, string>>) => {
  const spawned = spawnMain(env)
  const code = await spawned.exited
  return { code, stderr: spawned.stderr(), stdout: spawned.stdout() }
}
