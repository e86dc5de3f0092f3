/**
 * The gRPC port's transport security: plaintext, TLS, or mutual TLS, from
 * `GRPC_TLS_CERT_FILE`, `GRPC_TLS_KEY_FILE` and `GRPC_TLS_CLIENT_CA_FILE`.
 *
 * The files are checked once at start (readable, the key matches the
 * certificate, the CA parses), so a mistake is a one-line start error. After
 * that grpc-js's file-watching certificate provider re-reads them every
 * `GRPC_TLS_REFRESH_MS`, and new handshakes use what it read: rotation
 * (cert-manager swapping a Secret's files) needs no restart, and connections
 * already open, with their streams, keep the certificate they started with.
 * A read that does not make a valid pair (a half-written rotation, a deleted
 * file) is ignored with a warning: the last good certificate stays in service,
 * where grpc-js alone would refuse every new connection until the next read.
 */
import * as grpc from "@grpc/grpc-js"
import { Config, type ConfigError, Data, Effect, Option, Runtime } from "effect"
import { X509Certificate } from "node:crypto"
import { readFileSync } from "node:fs"
import { createSecureContext } from "node:tls"

type CertificateProvider = grpc.experimental.CertificateProvider
type IdentityUpdate = grpc.experimental.IdentityCertificateUpdate
type CaUpdate = grpc.experimental.CaCertificateUpdate
type IdentityListener = grpc.experimental.IdentityCertificateUpdateListener
type CaListener = grpc.experimental.CaCertificateUpdateListener

export type TransportMode = "plaintext" | "TLS" | "mTLS"

export interface TlsFiles {
  readonly certFile: string
  readonly keyFile: string
  /** Set: clients must present a certificate signed by this CA (mTLS). */
  readonly clientCaFile: Option.Option<string>
  /** How often the files are re-read for rotation. */
  readonly refreshMs: number
}

/** The TLS settings cannot work; `reason` is one sentence naming the variable. */
export class InvalidTlsConfig extends Data.TaggedError("InvalidTlsConfig")<{ readonly reason: string }> {
  override get message(): string {
    return this.reason
  }
}

export const defaultRefreshMs = 60_000

const path = (name: string) =>
  Config.option(Config.string(name)).pipe(Config.map(Option.filter((value) => value.trim() !== "")))

/** The TLS files, or None for plaintext; a half-configured TLS is an error, never a silent plaintext port. */
export const tlsConfig: Effect.Effect<Option.Option<TlsFiles>, ConfigError.ConfigError | InvalidTlsConfig> = Effect
  .gen(function*() {
    const settings = yield* Config.all({
      cert: path("GRPC_TLS_CERT_FILE"),
      key: path("GRPC_TLS_KEY_FILE"),
      ca: path("GRPC_TLS_CLIENT_CA_FILE"),
      refreshMs: Config.integer("GRPC_TLS_REFRESH_MS").pipe(
        Config.validate({ message: "must be a positive integer", validation: (n) => n > 0 }),
        Config.withDefault(defaultRefreshMs)
      )
    })
    if (Option.isNone(settings.cert) && Option.isNone(settings.key)) {
      if (Option.isSome(settings.ca)) {
        return yield* new InvalidTlsConfig({
          reason: "GRPC_TLS_CLIENT_CA_FILE is set without GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE: mTLS needs TLS."
        })
      }
      return Option.none()
    }
    if (Option.isNone(settings.cert) || Option.isNone(settings.key)) {
      const missing = Option.isNone(settings.cert) ? "GRPC_TLS_CERT_FILE" : "GRPC_TLS_KEY_FILE"
      return yield* new InvalidTlsConfig({
        reason: `${missing} must be set too: TLS needs both GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE.`
      })
    }
    return Option.some({
      certFile: settings.cert.value,
      keyFile: settings.key.value,
      clientCaFile: settings.ca,
      refreshMs: settings.refreshMs
    })
  })

const readOrFail = (variable: string, file: string): Buffer => {
  try {
    return readFileSync(file)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new InvalidTlsConfig({
      reason: `${variable} could not be read (${typeof code === "string" ? code : "unreadable"}): ${file}`
    })
  }
}

/** Why a certificate and key do not make a usable pair, or undefined when they do. */
export const identityProblem = (certificate: Buffer, privateKey: Buffer): string | undefined => {
  try {
    new X509Certificate(certificate)
  } catch {
    return "GRPC_TLS_CERT_FILE does not hold a PEM certificate."
  }
  try {
    createSecureContext({ cert: certificate, key: privateKey })
    return undefined
  } catch (error) {
    const text = error instanceof Error ? error.message : ""
    return /mismatch/i.test(text)
      ? "GRPC_TLS_KEY_FILE does not match the certificate in GRPC_TLS_CERT_FILE."
      : "GRPC_TLS_KEY_FILE does not hold a usable PEM private key (an encrypted key is not supported)."
  }
}

const caProblem = (ca: Buffer): string | undefined => {
  try {
    new X509Certificate(ca)
    return undefined
  } catch {
    return "GRPC_TLS_CLIENT_CA_FILE does not hold a PEM certificate."
  }
}

/** Reads and checks the files now, so a bad set-up fails the start with one sentence. */
export const checkTlsFiles = (
  files: TlsFiles
): Effect.Effect<{ readonly identity: IdentityUpdate; readonly ca: Option.Option<CaUpdate> }, InvalidTlsConfig> =>
  Effect.try({
    try: () => {
      const identity = {
        certificate: readOrFail("GRPC_TLS_CERT_FILE", files.certFile),
        privateKey: readOrFail("GRPC_TLS_KEY_FILE", files.keyFile)
      }
      const ca = Option.map(files.clientCaFile, (file) => ({ caCertificate: readOrFail("GRPC_TLS_CLIENT_CA_FILE", file) }))
      const problem = identityProblem(identity.certificate, identity.privateKey) ??
        Option.getOrUndefined(Option.flatMap(ca, (update) => Option.fromNullable(caProblem(update.caCertificate))))
      if (problem !== undefined) throw new InvalidTlsConfig({ reason: problem })
      return { identity, ca }
    },
    catch: (error) =>
      error instanceof InvalidTlsConfig ? error : new InvalidTlsConfig({ reason: "the TLS files could not be checked." })
  })

export interface RotationEvents {
  readonly reloaded: (what: "certificate" | "client CA") => void
  readonly rejected: (reason: string) => void
}

/**
 * A certificate provider in front of grpc-js's file watcher that starts with
 * the files checked at start and forwards only changed, valid updates.
 */
class CheckedCertificateProvider implements CertificateProvider {
  private readonly identityListeners = new Set<IdentityListener>()
  private readonly caListeners = new Set<CaListener>()

  constructor(
    private readonly files: grpc.experimental.FileWatcherCertificateProvider,
    private identity: IdentityUpdate,
    private ca: CaUpdate | undefined,
    private readonly events: RotationEvents
  ) {}

  private readonly onIdentity: IdentityListener = (update) => {
    // null: a file could not be read (mid-rotation, or removed); keep serving the last good pair.
    if (update === null) return this.events.rejected("GRPC_TLS_CERT_FILE or GRPC_TLS_KEY_FILE could not be read")
    if (update.certificate.equals(this.identity.certificate) && update.privateKey.equals(this.identity.privateKey)) {
      return
    }
    const problem = identityProblem(update.certificate, update.privateKey)
    if (problem !== undefined) return this.events.rejected(problem)
    this.identity = update
    for (const listener of this.identityListeners) listener(update)
    this.events.reloaded("certificate")
  }

  private readonly onCa: CaListener = (update) => {
    if (update === null) return this.events.rejected("GRPC_TLS_CLIENT_CA_FILE could not be read")
    if (this.ca !== undefined && update.caCertificate.equals(this.ca.caCertificate)) return
    const problem = caProblem(update.caCertificate)
    if (problem !== undefined) return this.events.rejected(problem)
    this.ca = update
    for (const listener of this.caListeners) listener(update)
    this.events.reloaded("client CA")
  }

  addIdentityCertificateListener(listener: IdentityListener): void {
    if (this.identityListeners.size === 0) this.files.addIdentityCertificateListener(this.onIdentity)
    this.identityListeners.add(listener)
    process.nextTick(listener, this.identity)
  }

  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.delete(listener)
    if (this.identityListeners.size === 0) this.files.removeIdentityCertificateListener(this.onIdentity)
  }

  addCaCertificateListener(listener: CaListener): void {
    if (this.caListeners.size === 0) this.files.addCaCertificateListener(this.onCa)
    this.caListeners.add(listener)
    if (this.ca !== undefined) process.nextTick(listener, this.ca)
  }

  removeCaCertificateListener(listener: CaListener): void {
    this.caListeners.delete(listener)
    if (this.caListeners.size === 0) this.files.removeCaCertificateListener(this.onCa)
  }
}

export interface ServerTransport {
  readonly mode: TransportMode
  readonly credentials: grpc.ServerCredentials
}

/** Server credentials for the checked files, reloading them as they change. */
export const makeTlsCredentials = (
  files: TlsFiles,
  events: RotationEvents
): Effect.Effect<grpc.ServerCredentials, InvalidTlsConfig> =>
  Effect.map(checkTlsFiles(files), ({ ca, identity }) => {
    const watcher = new grpc.experimental.FileWatcherCertificateProvider({
      certificateFile: files.certFile,
      privateKeyFile: files.keyFile,
      caCertificateFile: Option.getOrUndefined(files.clientCaFile),
      refreshIntervalMs: files.refreshMs
    })
    const provider = new CheckedCertificateProvider(watcher, identity, Option.getOrUndefined(ca), events)
    // grpc-js names these parameters the other way round: the identity provider comes first.
    return grpc.experimental.createCertificateProviderServerCredentials(
      provider,
      Option.isSome(ca) ? provider : null,
      Option.isSome(ca)
    )
  })

/**
 * The transport configured by the environment. Rotation events are logged:
 * a reload at info, a rejected read as a warning at most once per refresh
 * interval's worth of identical reads (each read of a bad file repeats it).
 */
export const serverTransport: Effect.Effect<ServerTransport, ConfigError.ConfigError | InvalidTlsConfig> = Effect.gen(
  function*() {
    const files = yield* tlsConfig
    if (Option.isNone(files)) return { mode: "plaintext" as const, credentials: grpc.ServerCredentials.createInsecure() }
    const log = Runtime.runFork(yield* Effect.runtime<never>())
    let lastRejection: string | undefined
    const credentials = yield* makeTlsCredentials(files.value, {
      reloaded: (what) => {
        lastRejection = undefined
        log(Effect.logInfo(`TLS ${what} reloaded from its file; new connections use it`))
      },
      rejected: (reason) => {
        if (reason === lastRejection) return
        lastRejection = reason
        log(Effect.logWarning(`TLS files not reloaded, the previous certificate stays in use: ${reason}`))
      }
    })
    return { mode: Option.isSome(files.value.clientCaFile) ? "mTLS" as const : "TLS" as const, credentials }
  }
)
