/**
 * TLS and mutual TLS on the gRPC port, with certificates made by openssl at
 * test time: who is served and who is refused, the start checks, and
 * rotation (new handshakes see the new certificate, an open stream finishes).
 */
import * as grpc from "@grpc/grpc-js"
import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Context, Deferred, Effect, Layer, Logger, LogLevel, Schedule, Stream } from "effect"
import { X509Certificate } from "node:crypto"
import { execFile, execFileSync, spawnSync } from "node:child_process"
import { copyFileSync, mkdtempSync, renameSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { connect } from "node:tls"
import type { RecommendationServiceClient } from "../../src/grpc/generated/recommendation/RecommendationService.js"
import { recommendationProto } from "../../src/grpc/proto.js"
import { GrpcServer, GrpcServerLive } from "../../src/grpc/server.js"
import { layer as memoryCache } from "../../src/layers/CacheMemory.js"
import { Llm } from "../../src/services/Llm.js"
import { OpsTest } from "../layers/OpsTest.js"
import { type CertFiles, hasOpenssl, makeCa, tempDir, type TestCa } from "../support/certificates.js"
import { type CallResult, collect, GroundingNoneTest, validRequest, WorkerConfigTest } from "../support/grpc.js"
import { failedStart, startWorkerProcess } from "../support/process.js"

const python = "/usr/bin/python3"
const hasGrpcTools = spawnSync(python, ["-c", "import grpc, grpc_tools"]).status === 0
const repoRoot = fileURLToPath(new URL("../..", import.meta.url))

if (!hasOpenssl) console.warn("tls.test: skipped, no openssl on PATH (apt-get install openssl)")

const quickLlm = Layer.succeed(Llm, Llm.of({ stream: () => Stream.make({ text: "tls ok", provider: "scripted" }) }))

/** The real server with the given environment (GRPC_TLS_* and the like). */
const startServer = (env: Record<string, string>, llm: Layer.Layer<Llm> = quickLlm) =>
  Effect.gen(function*() {
    const layer = GrpcServerLive.pipe(
      Layer.provide(Layer.mergeAll(llm, GroundingNoneTest, WorkerConfigTest(), memoryCache(), OpsTest())),
      Layer.provide(Logger.minimumLogLevel(LogLevel.Error)),
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
    )
    return Context.get(yield* Layer.build(layer), GrpcServer).port
  })

const clientWith = (port: number, credentials: grpc.ChannelCredentials, options: grpc.ChannelOptions = {}) =>
  Effect.acquireRelease(
    Effect.sync(() => new recommendationProto.RecommendationService(`127.0.0.1:${port}`, credentials, {
      // The name checked against the certificate (and sent as SNI, which may not be an IP address).
      "grpc.ssl_target_name_override": "localhost",
      ...options
    })),
    (client) => Effect.sync(() => client.close())
  )

const recommend = (client: RecommendationServiceClient): Effect.Effect<CallResult> =>
  Effect.promise(() => collect(client.Recommend(validRequest, { deadline: Date.now() + 15_000 })))

const served = (result: CallResult) => {
  expect(result.status.code).toBe(Status.OK)
  expect(result.messages.at(-1)?.is_final).toBe("true")
}

const refused = (result: CallResult) => {
  expect(result.status.code).toBe(Status.UNAVAILABLE)
  expect(result.messages).toEqual([])
}

/** The SHA-256 fingerprint of the certificate a fresh TLS handshake on `port` is shown. */
const presentedFingerprint = (port: number, ca: Buffer): Effect.Effect<string, Error> =>
  Effect.async<string, Error>((resume) => {
    const socket = connect({ host: "127.0.0.1", port, ca, ALPNProtocols: ["h2"], servername: "localhost" }, () => {
      resume(Effect.succeed(socket.getPeerCertificate().fingerprint256))
      socket.destroy()
    })
    socket.once("error", (error) => resume(Effect.fail(error)))
  })

const fingerprint = (files: CertFiles) => new X509Certificate(files.cert).fingerprint256

/** Copies then renames, as a Secret's files are swapped: each file changes at once, the pair may not. */
const replaceFile = (from: string, to: string) => {
  copyFileSync(from, `${to}.next`)
  renameSync(`${to}.next`, to)
}

interface Pki {
  readonly dir: string
  readonly ca: TestCa
  readonly otherCa: TestCa
  readonly server: CertFiles
}

const pki = (): Pki => {
  const dir = tempDir()
  const ca = makeCa(dir, "test CA")
  return { dir, ca, otherCa: makeCa(dir, "other CA"), server: ca.issue("worker", "server") }
}

const tlsEnv = (p: Pki, extra: Record<string, string> = {}) => ({
  GRPC_TLS_CERT_FILE: p.server.certFile,
  GRPC_TLS_KEY_FILE: p.server.keyFile,
  ...extra
})

describe.skipIf(!hasOpenssl)("TLS on the gRPC port", () => {
  const p = hasOpenssl ? pki() : (undefined as unknown as Pki)

  it.scopedLive("serves a TLS client and refuses a plaintext one", () =>
    Effect.gen(function*() {
      const port = yield* startServer(tlsEnv(p))
      served(yield* recommend(yield* clientWith(port, grpc.credentials.createSsl(p.ca.cert))))
      refused(yield* recommend(yield* clientWith(port, grpc.credentials.createInsecure())))
    }))

  it.scopedLive("under mTLS, serves a client certificate from the CA and refuses none or another CA's", () =>
    Effect.gen(function*() {
      const port = yield* startServer(tlsEnv(p, { GRPC_TLS_CLIENT_CA_FILE: p.ca.certFile }))
      const good = p.ca.issue("caller", "client")
      const foreign = p.otherCa.issue("caller", "client")
      served(yield* recommend(yield* clientWith(port, grpc.credentials.createSsl(p.ca.cert, good.key, good.cert))))
      refused(yield* recommend(yield* clientWith(port, grpc.credentials.createSsl(p.ca.cert))))
      refused(yield* recommend(yield* clientWith(port, grpc.credentials.createSsl(p.ca.cert, foreign.key, foreign.cert))))
      refused(yield* recommend(yield* clientWith(port, grpc.credentials.createInsecure())))
    }))

  it.scopedLive("reloads replaced files for new connections while an open stream finishes", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const live = { GRPC_TLS_CERT_FILE: join(dir, "tls.crt"), GRPC_TLS_KEY_FILE: join(dir, "tls.key") }
      replaceFile(p.server.certFile, live.GRPC_TLS_CERT_FILE)
      replaceFile(p.server.keyFile, live.GRPC_TLS_KEY_FILE)
      const release = yield* Deferred.make<void>()
      let calls = 0
      // The first call holds after its first chunk until released; later ones answer at once.
      const heldLlm = Layer.succeed(Llm, Llm.of({
        stream: () =>
          ++calls > 1 ? Stream.make({ text: "tls ok", provider: "scripted" }) : Stream.make({ text: "before rotation ", provider: "scripted" }).pipe(
            Stream.concat(Stream.fromEffect(Deferred.await(release)).pipe(Stream.drain)),
            Stream.concat(Stream.make({ text: "after rotation", provider: "scripted" }))
          )
      }))
      const port = yield* startServer({ ...live, GRPC_TLS_REFRESH_MS: "100" }, heldLlm)
      expect(yield* presentedFingerprint(port, p.ca.cert)).toBe(fingerprint(p.server))

      // A stream open on the first certificate, holding after its first chunk.
      const client = yield* clientWith(port, grpc.credentials.createSsl(p.ca.cert))
      const stream = client.Recommend(validRequest, { deadline: Date.now() + 60_000 })
      const outcome = collect(stream)
      yield* Effect.async<void>((resume) => {
        stream.once("data", () => resume(Effect.void))
      })

      const next = p.ca.issue("worker", "server")
      replaceFile(next.certFile, live.GRPC_TLS_CERT_FILE)
      replaceFile(next.keyFile, live.GRPC_TLS_KEY_FILE)
      // New handshakes show the new certificate once the watcher has read it (every 100 ms here).
      yield* presentedFingerprint(port, p.ca.cert).pipe(
        Effect.filterOrFail((seen) => seen === fingerprint(next), () => new Error("still the old certificate")),
        Effect.retry({ times: 200, schedule: Schedule.spaced("100 millis") })
      )
      // A new client, on a connection of its own (not the pooled one of the held stream), is served.
      served(yield* recommend(yield* clientWith(port, grpc.credentials.createSsl(p.ca.cert), { "grpc.use_local_subchannel_pool": 1 })))

      yield* Deferred.succeed(release, undefined)
      const held = yield* Effect.promise(() => outcome)
      served(held)
      expect(stream.getAuthContext()?.sslPeerCertificate?.fingerprint256).toBe(fingerprint(p.server))
      expect(held.messages.map((m) => m.content).join("")).toContain("before rotation after rotation")
    }))

  it.scopedLive("keeps the last good certificate when a replaced key does not match", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const live = { GRPC_TLS_CERT_FILE: join(dir, "tls.crt"), GRPC_TLS_KEY_FILE: join(dir, "tls.key") }
      replaceFile(p.server.certFile, live.GRPC_TLS_CERT_FILE)
      replaceFile(p.server.keyFile, live.GRPC_TLS_KEY_FILE)
      const port = yield* startServer({ ...live, GRPC_TLS_REFRESH_MS: "50" })
      replaceFile(p.ca.issue("worker", "server").certFile, live.GRPC_TLS_CERT_FILE)
      yield* Effect.sleep("500 millis") // ten reads of the mismatched pair
      expect(yield* presentedFingerprint(port, p.ca.cert)).toBe(fingerprint(p.server))
      served(yield* recommend(yield* clientWith(port, grpc.credentials.createSsl(p.ca.cert))))
    }))

  it.scopedLive("refuses to start on a missing file, a key that does not match, or half a configuration", () =>
    Effect.gen(function*() {
      const startError = (env: Record<string, string>) =>
        startServer(env).pipe(Effect.flip, Effect.map((error) => error.message), Effect.scoped)
      const other = p.ca.issue("worker", "server")
      expect(yield* startError(tlsEnv(p, { GRPC_TLS_KEY_FILE: other.keyFile })))
        .toBe("GRPC_TLS_KEY_FILE does not match the certificate in GRPC_TLS_CERT_FILE.")
      expect(yield* startError(tlsEnv(p, { GRPC_TLS_CERT_FILE: join(p.dir, "absent.crt") })))
        .toMatch(/^GRPC_TLS_CERT_FILE could not be read \(ENOENT\)/)
      expect(yield* startError(tlsEnv(p, { GRPC_TLS_CERT_FILE: p.server.keyFile })))
        .toBe("GRPC_TLS_CERT_FILE does not hold a PEM certificate.")
      expect(yield* startError({ GRPC_TLS_CERT_FILE: p.server.certFile })).toMatch(/^GRPC_TLS_KEY_FILE must be set too/)
      expect(yield* startError({ GRPC_TLS_CLIENT_CA_FILE: p.ca.certFile })).toMatch(/mTLS needs TLS/)
      expect(yield* startError(tlsEnv(p, { GRPC_TLS_CLIENT_CA_FILE: p.server.keyFile })))
        .toBe("GRPC_TLS_CLIENT_CA_FILE does not hold a PEM certificate.")
    }))

  it.live("a process says its mode in the start log and serves the README's Python client over mTLS", () =>
    Effect.promise(async () => {
      const worker = await startWorkerProcess(tlsEnv(p, { GRPC_TLS_CLIENT_CA_FILE: p.ca.certFile }))
      try {
        expect(worker.stdout()).toMatch(/listening on 127\.0\.0\.1:\d+ \(mTLS\)/)
        if (!hasGrpcTools) return console.warn("tls.test: Python client part skipped (no python3-grpcio/grpc-tools)")
        const out = mkdtempSync(join(tmpdir(), "py-tls-"))
        execFileSync(python, [
          "-m", "grpc_tools.protoc", `-I${join(repoRoot, "protos")}`, `--python_out=${out}`, `--grpc_python_out=${out}`,
          join(repoRoot, "protos", "recommendation.proto")
        ])
        const client = p.ca.issue("python caller", "client")
        const { stdout } = await promisify(execFile)(python, [
          join(repoRoot, "test", "compat", "tls_client.py"), `127.0.0.1:${worker.port}`, p.ca.certFile, client.certFile,
          client.keyFile
        ], { env: { ...process.env, PYTHONPATH: out }, timeout: 30_000 })
        const lines = stdout.trim().split("\n").map((line) => JSON.parse(line) as { is_final: string })
        expect(lines.length).toBeGreaterThan(1)
        expect(lines.at(-1)).toEqual({ content: "추천 완료", is_final: "true" })
      } finally {
        worker.child.kill("SIGKILL")
        await worker.exited
      }
    }), 60_000)

  it.live("a process with a mismatched key fails its start with one line", () =>
    Effect.promise(async () => {
      const other = p.ca.issue("worker", "server")
      const { code, stderr } = await failedStart(tlsEnv(p, { GRPC_TLS_KEY_FILE: other.keyFile }))
      expect(code).not.toBe(0)
      expect(stderr.trim()).toBe(
        "llm-worker-rec: GRPC_TLS_KEY_FILE does not match the certificate in GRPC_TLS_CERT_FILE."
      )
    }))
})
