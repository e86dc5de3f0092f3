/**
 * Helpers for the operations tests: health and reflection clients, call
 * metadata, the ops HTTP port next to a worker, a Prometheus text parser, and
 * log capture through Effect's JSON logger (the production format).
 */
import * as grpc from "@grpc/grpc-js"
import * as protoLoader from "@grpc/proto-loader"
import { Context, Effect, Layer, Logger, LogLevel, Queue, Scope } from "effect"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { service as healthService } from "grpc-health-check"
import { OpsHttpServer, layer as opsHttp } from "../../src/http/opsServer.js"
import { OpsTest, type OpsServices } from "../layers/OpsTest.js"
import { startWorker, type Worker } from "../support/grpc.js"

// ---------------------------------------------------------------- clients

type HealthClient = grpc.Client & {
  check: (request: { service: string }, metadata: grpc.Metadata, callback: grpc.requestCallback<{ status: string }>) => void
  watch: (request: { service: string }) => grpc.ClientReadableStream<{ status: string }>
}

const HealthClientConstructor = grpc.makeClientConstructor(healthService, "grpc.health.v1.Health")

export const healthClient = (port: number): Effect.Effect<HealthClient, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => new HealthClientConstructor(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as HealthClient),
    (client) => Effect.sync(() => client.close())
  )

export interface UnaryOutcome<A> {
  readonly value: A | undefined
  readonly error: grpc.ServiceError | undefined
}

export const healthCheck = (client: HealthClient, service: string, metadata = new grpc.Metadata()) =>
  Effect.async<UnaryOutcome<{ status: string }>>((resume) => {
    client.check({ service }, metadata, (error, value) =>
      resume(Effect.succeed({ value: value ?? undefined, error: error ?? undefined })))
  })

const reflectionRoot = join(dirname(createRequire(import.meta.url).resolve("@grpc/reflection")), "..", "proto")
const reflectionPackage = grpc.loadPackageDefinition(
  protoLoader.loadSync("grpc/reflection/v1/reflection.proto", { keepCase: true, includeDirs: [reflectionRoot] })
) as unknown as { grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } } }

/** The services the server lists through reflection v1, or the error it answered with. */
export const listServices = (port: number): Effect.Effect<ReadonlyArray<string>, grpc.ServiceError, Scope.Scope> =>
  Effect.gen(function*() {
    const client = yield* Effect.acquireRelease(
      Effect.sync(() =>
        new reflectionPackage.grpc.reflection.v1.ServerReflection(`127.0.0.1:${port}`, grpc.credentials.createInsecure())
      ),
      (client) => Effect.sync(() => client.close())
    )
    return yield* Effect.async<ReadonlyArray<string>, grpc.ServiceError>((resume) => {
      const stream = (client as unknown as { ServerReflectionInfo: () => grpc.ClientDuplexStream<unknown, any> })
        .ServerReflectionInfo()
      stream.on("data", (response: { list_services_response?: { service: Array<{ name: string }> } }) => {
        resume(Effect.succeed(response.list_services_response?.service.map((s) => s.name) ?? []))
        stream.end()
      })
      stream.on("error", (error: grpc.ServiceError) => resume(Effect.fail(error)))
      stream.write({ list_services: "" })
    })
  })

export const metadataWith = (entries: Readonly<Record<string, string>>): grpc.Metadata => {
  const metadata = new grpc.Metadata()
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value)
  return metadata
}

// ---------------------------------------------------------------- ops HTTP next to a worker

export interface OpsWorker extends Worker {
  readonly httpPort: number
}

/**
 * A worker and the ops HTTP port sharing one set of edge services. The HTTP
 * server is built first, so it outlives the gRPC server in the same scope.
 */
export const startOpsWorker = (
  llm: Parameters<typeof startWorker>[0],
  options: Parameters<typeof startWorker>[1] & {
    /** Where the gRPC server and client live (the test's scope by default), to close them before the HTTP port. */
    readonly workerScope?: Scope.Scope
  } = {}
) =>
  Effect.gen(function*() {
    const ops = Layer.succeedContext(yield* Layer.build(options.ops ?? OpsTest()))
    const http = yield* Layer.build(opsHttp({ host: "127.0.0.1", port: 0 }).pipe(Layer.provide(ops)))
    const httpPort = Context.get(http, OpsHttpServer).port
    const start = startWorker(llm, { ...options, ops: ops as Layer.Layer<OpsServices> })
    const worker = yield* (options.workerScope === undefined ? start : Scope.extend(start, options.workerScope))
    return { ...worker, httpPort } satisfies OpsWorker
  })

export interface HttpAnswer {
  readonly status: number
  readonly contentType: string | null
  readonly body: string
}

export const httpGet = (port: number, path: string): Effect.Effect<HttpAnswer> =>
  Effect.promise(async () => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`)
    return { status: response.status, contentType: response.headers.get("content-type"), body: await response.text() }
  })

// ---------------------------------------------------------------- Prometheus text

export interface Sample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/u
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/gu

export const parseSamples = (text: string): ReadonlyArray<Sample> =>
  text.split("\n").flatMap((line) => {
    const match = sampleLine.exec(line)
    if (match === null || line.startsWith("#")) return []
    const labels = Object.fromEntries([...(match[2] ?? "").matchAll(labelPair)].map((m) => [m[1], m[2]]))
    const raw = match[3] ?? "NaN"
    return [{ name: match[1] ?? "", labels, value: raw === "+Inf" ? Infinity : Number(raw) }]
  })

/** The value of the sample with this name and (at least) these labels; 0 when absent. */
export const sampleValue = (
  samples: ReadonlyArray<Sample>,
  name: string,
  labels: Readonly<Record<string, string>> = {}
): number =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0)

export const scrape = (port: number) => Effect.map(httpGet(port, "/metrics"), (answer) => parseSamples(answer.body))

// ---------------------------------------------------------------- logs

export interface CapturedLogs {
  /** Logging for the worker: Info and up, as JSON lines (the production format), captured. */
  readonly layer: Layer.Layer<never>
  /** Every line so far. */
  readonly lines: () => ReadonlyArray<string>
  /** The next captured line whose message is `message`, parsed. */
  readonly next: (message: string) => Effect.Effect<Record<string, unknown>>
}

export const captureLogs: Effect.Effect<CapturedLogs> = Effect.gen(function*() {
  const all: Array<string> = []
  const queue = yield* Queue.unbounded<string>()
  const logger = Logger.map(Logger.jsonLogger, (line) => {
    all.push(line)
    queue.unsafeOffer(line)
  })
  const next = (message: string): Effect.Effect<Record<string, unknown>> =>
    Effect.flatMap(Queue.take(queue), (line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>
      return parsed["message"] === message ? Effect.succeed(parsed) : next(message)
    })
  return {
    layer: Layer.merge(Logger.replace(Logger.defaultLogger, logger), Logger.minimumLogLevel(LogLevel.Info)),
    lines: () => [...all],
    next
  }
})
