/**
 * An unmodified Python grpcio client generated from the original proto
 * receives a well-formed stream. Needs Debian's python3-grpcio and
 * python3-grpc-tools (installed by .ci/run); skipped with a reason otherwise.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFile, execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { startWorker } from "../support/grpc.js"
import { chunk, makeScriptedLlm } from "../layers/LlmScripted.js"

const python = "/usr/bin/python3"
const here = fileURLToPath(new URL(".", import.meta.url))
const hasGrpcTools = spawnSync(python, ["-c", "import grpc, grpc_tools"]).status === 0
if (!hasGrpcTools) console.warn("python-client.test: skipped, /usr/bin/python3 has no grpc/grpc_tools (apt-get install python3-grpcio python3-grpc-tools)")

describe.skipIf(!hasGrpcTools)("the original Python client", () => {
  it.scopedLive("receives the chunks and the final message over the original contract", () =>
    Effect.gen(function*() {
      const out = mkdtempSync(join(tmpdir(), "py-client-"))
      execFileSync(python, [
        "-m", "grpc_tools.protoc", `-I${here}`, `--python_out=${out}`, `--grpc_python_out=${out}`,
        join(here, "original-recommendation.proto")
      ])
      // protoc names modules after the file; the old client imports recommendation_pb2.
      execFileSync(python, ["-c", `
import os, sys
os.chdir(sys.argv[1])
os.rename("original_recommendation_pb2.py", "recommendation_pb2.py")
src = open("original_recommendation_pb2_grpc.py").read().replace("original__recommendation__pb2", "recommendation__pb2").replace("import original_recommendation_pb2", "import recommendation_pb2")
open("recommendation_pb2_grpc.py", "w").write(src)
`, out])
      const llm = yield* makeScriptedLlm(() => [chunk("1. 파이썬 "), chunk("튜토리얼")])
      const worker = yield* startWorker(llm.layer)
      // Asynchronously: the server answering it runs in this process.
      const { stdout } = yield* Effect.promise(() =>
        promisify(execFile)(python, [join(here, "old_client.py"), `127.0.0.1:${worker.port}`], {
          env: { ...process.env, PYTHONPATH: out },
          timeout: 20_000
        })
      )
      const lines = stdout.trim().split("\n").map((line) => JSON.parse(line) as { content: string; is_final: string })
      expect(lines).toEqual([
        { content: "1. 파이썬 ", is_final: "false" },
        { content: "튜토리얼", is_final: "false" },
        { content: "추천 완료", is_final: "true" }
      ])
    }))
})
