/** The checked-in typed stubs match protos/ (regenerate with `npm run gen:proto`). */
import { describe, expect, it } from "vitest"
import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"

const files = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]
  )

describe("generated gRPC types", () => {
  it("are up to date with protos/", () => {
    const out = mkdtempSync(join(tmpdir(), "gen-proto-"))
    const protos = readdirSync("protos").filter((f) => f.endsWith(".proto")).map((f) => join("protos", f))
    execFileSync("node_modules/.bin/proto-loader-gen-types", [
      "--keepCase", "--longs=String", "--enums=String", "--defaults", "--oneofs",
      "--grpcLib=@grpc/grpc-js", "--importFileExtension=.js", `--outDir=${out}`, ...protos
    ])
    const committed = "src/grpc/generated"
    const expected = files(out).map((f) => relative(out, f)).sort()
    expect(files(committed).map((f) => relative(committed, f)).sort()).toEqual(expected)
    for (const file of expected) {
      expect(readFileSync(join(committed, file), "utf8"), file).toBe(readFileSync(join(out, file), "utf8"))
    }
  })
})
