/**
 * A fleet on one machine: N worker processes (the real `src/main.ts`) sharing
 * one real redis-server, a fake OpenAI-compatible upstream, and the client a
 * fleet's callers should use: round robin over every replica's address (what
 * a headless Service's DNS gives) with a retry policy in the service config.
 */
import * as grpc from "@grpc/grpc-js"
import { randomBytes } from "node:crypto"
import * as http2 from "node:http2"
import type { AddressInfo } from "node:net"
import type { RecommendationServiceClient } from "../../src/grpc/generated/recommendation/RecommendationService.js"
import { recommendationProto } from "../../src/grpc/proto.js"
import { parseSamples, type Sample } from "../ops/support.js"
import { startWorkerProcess, type WorkerProcess } from "../support/process.js"

export interface Replica {
  readonly process: WorkerProcess
  readonly grpcPort: number
  readonly metricsPort: number
  readonly address: string
}

const opsLine = /operations HTTP \(metrics, healthz, readyz\) on [^\s:"]+:(\d+)/

/** One worker process; its ports read from its start-up logs (both are 0 in the environment). */
export const startReplica = async (env: Readonly<Record<string, string>>): Promise<Replica> => {
  const process = await startWorkerProcess(env)
  // The operations port starts before the gRPC server, so its line is already there.
  const match = opsLine.exec(process.stdout())
  if (match?.[1] === undefined) throw new Error(`no operations port in the logs: ${process.stdout()}`)
  return { process, grpcPort: process.port, metricsPort: Number(match[1]), address: `127.0.0.1:${process.port}` }
}

/** The environment every replica shares: the upstream, the Redis cache and its key. */
export const fleetEnv = (upstream: string, redisUrl: string): Record<string, string> => ({
  LLM_PROVIDERS: "openai",
  OPENAI_BASE_URL: upstream,
  OPENAI_API_KEY: "sk-test",
  CACHE_URL: redisUrl,
  CACHE_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
  SHUTDOWN_GRACE_MS: "20000",
  LOG_LEVEL: "info"
})

/**
 * The service config a fleet's clients use (docs/SCALING.md shows the same):
 * a call per replica in turn, and a call refused with UNAVAILABLE before any
 * response (a draining or overloaded replica, a proxy with no upstream)
 * tried again, on the next replica, up to three more times.
 */
export const fleetServiceConfig = {
  loadBalancingConfig: [{ round_robin: {} }],
  methodConfig: [{
    name: [{ service: "recommendation.RecommendationService" }],
    retryPolicy: {
      maxAttempts: 4,
      initialBackoff: "0.1s",
      maxBackoff: "1s",
      backoffMultiplier: 2,
      retryableStatusCodes: ["UNAVAILABLE"]
    }
  }]
}

/** A round-robin client over the given addresses (an `ipv4:` target list); `retry: false` leaves the policy out. */
export const fleetClient = (addresses: ReadonlyArray<string>, options: { readonly retry?: boolean } = {}) => {
  const config = options.retry === false ? { loadBalancingConfig: fleetServiceConfig.loadBalancingConfig } : fleetServiceConfig
  return new recommendationProto.RecommendationService(`ipv4:${addresses.join(",")}`, grpc.credentials.createInsecure(), {
    "grpc.service_config": JSON.stringify(config)
  }) as RecommendationServiceClient
}

export const directClient = (replica: Replica) =>
  new recommendationProto.RecommendationService(replica.address, grpc.credentials.createInsecure()) as RecommendationServiceClient

export const waitForReady = (client: grpc.Client, ms = 20_000) =>
  new Promise<void>((resolve, reject) =>
    client.waitForReady(Date.now() + ms, (error) => (error ? reject(error) : resolve()))
  )

export const scrape = async (replica: Replica): Promise<ReadonlyArray<Sample>> => {
  const response = await fetch(`http://127.0.0.1:${replica.metricsPort}/metrics`)
  return parseSamples(await response.text())
}

export const readyz = async (replica: Replica): Promise<number> =>
  (await fetch(`http://127.0.0.1:${replica.metricsPort}/readyz`)).status

/**
 * A peer that refuses every call with UNAVAILABLE before any response
 * message or header (a trailers-only answer), as a replica at its limit or a
 * proxy with no healthy upstream does. It counts the calls it refused.
 */
export const startRefusingPeer = async () => {
  let refused = 0
  const server = http2.createServer()
  server.on("stream", (stream) => {
    refused++
    stream.respond(
      { ":status": 200, "content-type": "application/grpc", "grpc-status": "14", "grpc-message": "refused" },
      { endStream: true }
    )
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    address: `127.0.0.1:${port}`,
    refused: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export const eventually = async (check: () => Promise<boolean>, what: string, ms = 20_000) => {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}
