/** Spans leave the process over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
import * as grpc from "@grpc/grpc-js"
import { afterEach, describe, expect, it } from "vitest"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { recommendationProto } from "../../src/grpc/proto.js"
import { collect, validRequest } from "../support/grpc.js"
import { startWorkerProcess } from "../support/process.js"

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A collector that keeps what it is sent. */
const startCollector = async () => {
  const received: Array<{ path: string; body: string }> = []
  const server: Server = createServer((request, response) => {
    let body = ""
    request.setEncoding("utf8").on("data", (s: string) => (body += s)).on("end", () => {
      received.push({ path: request.url ?? "", body })
      response.writeHead(200, { "content-type": "application/json" }).end("{}")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  cleanups.push(() => new Promise((resolve) => server.close(resolve)))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received }
}

describe("tracing", () => {
  it("exports the call's spans over OTLP, flushed when the worker stops", async () => {
    const collector = await startCollector()
    const worker = await startWorkerProcess({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      LLM_PROVIDERS: "catalog"
    })
    cleanups.push(() => {
      if (worker.child.exitCode === null) worker.child.kill("SIGKILL")
    })
    const client = new recommendationProto.RecommendationService(`127.0.0.1:${worker.port}`, grpc.credentials.createInsecure())
    cleanups.push(() => client.close())
    const { status } = await collect(client.Recommend(validRequest))
    expect(status.code).toBe(grpc.status.OK)
    worker.child.kill("SIGTERM")
    expect(await worker.exited).toBe(0)

    const traces = collector.received.filter((r) => r.path === "/v1/traces")
    expect(traces.length).toBeGreaterThan(0)
    const names = traces.flatMap((r) => [...r.body.matchAll(/"name":"([^"]+)"/gu)].map((m) => m[1]))
    expect(names).toContain("Recommend")
    expect(names).toContain("Recommend.analyze")
    expect(names).toContain("Recommend.stream")
    expect(names).toContain("Cache.lookup")
    expect(worker.stdout()).toContain("exporting traces over OTLP")
  })
})
