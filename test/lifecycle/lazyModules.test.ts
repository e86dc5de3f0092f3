/**
 * What a configuration does not use is not loaded (idle memory, issue 11):
 * the browser edge without HTTP_PORT, node-redis without CACHE_URL,
 * reflection when off, the OpenTelemetry exporter without an endpoint. Read
 * from the modules the real process loads up to listening.
 */
import { afterEach, describe, expect, it } from "vitest"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { startWorkerProcess } from "../support/process.js"

const register = fileURLToPath(new URL("../support/moduleTrace/register.mjs", import.meta.url))

const stops: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
})

/** The module URLs a worker with this environment has loaded once it listens (gRPC, and HTTP when on). */
const loadedModules = async (env: Record<string, string>): Promise<ReadonlyArray<string>> => {
  const file = join(mkdtempSync(join(tmpdir(), "modules-")), "loaded.txt")
  writeFileSync(file, "")
  const worker = await startWorkerProcess({
    CACHE: "off",
    LLM_PROVIDERS: "catalog",
    ...env,
    NODE_OPTIONS: `--import=${register}`,
    MODULE_TRACE_FILE: file
  })
  stops.push(async () => {
    if (worker.child.exitCode === null) worker.child.kill("SIGKILL")
    await worker.exited
  })
  // The browser edge starts next to the gRPC server: wait for it too when it is on.
  while (env["HTTP_PORT"] !== "off" && worker.httpPort() === undefined && worker.child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  worker.child.kill("SIGTERM")
  await worker.exited
  return readFileSync(file, "utf8").split("\n").filter((line) => line !== "")
}

const optional = {
  browserEdge: "/src/web/server.ts",
  httpApi: "/node_modules/@effect/platform/dist/esm/HttpApi.js",
  platformHttpServer: "/node_modules/@effect/platform-node/dist/esm/NodeHttpServer.js",
  redis: "/node_modules/redis/",
  reflection: "/node_modules/@grpc/reflection/",
  otlpExporter: "/node_modules/@opentelemetry/exporter-trace-otlp-http/"
}

const has = (modules: ReadonlyArray<string>, part: string) => modules.some((url) => url.includes(part))

describe("modules loaded at start", () => {
  it("leaves out the browser edge, node-redis, reflection and the exporter when the configuration does not use them", async () => {
    const modules = await loadedModules({ HTTP_PORT: "off", GRPC_REFLECTION: "off" })
    expect(has(modules, "/src/grpc/server.ts")).toBe(true)
    expect(has(modules, "/src/http/opsServer.ts")).toBe(true)
    for (const [name, part] of Object.entries(optional)) expect({ name, loaded: has(modules, part) }).toEqual({ name, loaded: false })
  }, 60_000)

  it("loads the browser edge and reflection when they are on", async () => {
    const modules = await loadedModules({ HTTP_PORT: "0" })
    expect(has(modules, optional.browserEdge)).toBe(true)
    expect(has(modules, optional.httpApi)).toBe(true)
    expect(has(modules, optional.platformHttpServer)).toBe(true)
    expect(has(modules, optional.reflection)).toBe(true)
    expect(has(modules, optional.redis)).toBe(false)
  }, 60_000)
})
