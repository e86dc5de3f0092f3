/**
 * Certificates made at test time with Debian's `openssl` (installed by
 * .ci/run): a CA, and server or client certificates it signs, as PEM files
 * in a fresh temporary directory. P-256 keys, which openssl makes at once.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

export const hasOpenssl = spawnSync("openssl", ["version"]).status === 0

export interface CertFiles {
  readonly certFile: string
  readonly keyFile: string
  readonly cert: Buffer
  readonly key: Buffer
}

export interface TestCa extends CertFiles {
  readonly name: string
  /** A certificate for `cn`, signed by this CA: a server's (for 127.0.0.1 and localhost) or a client's. */
  readonly issue: (cn: string, kind: "server" | "client") => CertFiles
}

const openssl = (args: ReadonlyArray<string>) => execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] })

const keyArgs = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]

const files = (certFile: string, keyFile: string): CertFiles => ({
  certFile,
  keyFile,
  cert: readFileSync(certFile),
  key: readFileSync(keyFile)
})

export const tempDir = (): string => mkdtempSync(join(tmpdir(), "tls-test-"))

export const makeCa = (dir: string, name: string): TestCa => {
  const base = join(dir, name.replace(/\W+/g, "-"))
  openssl(["req", "-x509", ...keyArgs, "-keyout", `${base}.key`, "-out", `${base}.crt`, "-days", "2", "-subj", `/CN=${name}`])
  let serial = 0
  const issue = (cn: string, kind: "server" | "client"): CertFiles => {
    const leaf = `${base}-${kind}-${++serial}`
    openssl(["req", ...keyArgs, "-keyout", `${leaf}.key`, "-out", `${leaf}.csr`, "-subj", `/CN=${cn}`])
    writeFileSync(
      `${leaf}.ext`,
      kind === "server"
        ? "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
        : "extendedKeyUsage=clientAuth\n"
    )
    openssl([
      "x509", "-req", "-in", `${leaf}.csr`, "-CA", `${base}.crt`, "-CAkey", `${base}.key`,
      "-set_serial", String(Date.now() * 100 + serial), "-days", "2", "-extfile", `${leaf}.ext`, "-out", `${leaf}.crt`
    ])
    return files(`${leaf}.crt`, `${leaf}.key`)
  }
  return { name, ...files(`${base}.crt`, `${base}.key`), issue }
}
