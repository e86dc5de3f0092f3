/**
 * What every benchmark that starts `node dist/main.js` (bench/run.ts,
 * bench/idle.ts) shares: the worker's environment (the production layers with
 * every feature on), a free port, and whether a port listens yet.
 */
import * as net from "node:net"

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

export const isListening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1")
    socket.once("connect", () => {
      socket.destroy()
      resolve(true)
    })
    socket.once("error", () => resolve(false))
  })

export const workerEnv = (baseURL: string, port: number): Record<string, string> => ({
  OPENAI_BASE_URL: baseURL,
  OPENAI_API_KEY: "bench",
  LLM_PROVIDERS: "openai",
  CACHE: "off",
  GRPC_HOST: "127.0.0.1",
  GRPC_PORT: String(port),
  METRICS_HOST: "127.0.0.1",
  METRICS_PORT: "0",
  HTTP_PORT: "off",
  // Every feature on, as in production: logs at info (two lines per call), metrics, grounding (the default).
  LOG_LEVEL: "info",
  // The default (100 streams per key) would refuse calls at concurrency 200; the baseline has no limit.
  MAX_STREAMS_PER_KEY: "1000",
  SHUTDOWN_GRACE_MS: "1000"
})
