/** The command as a person runs it: a real process, its exit code and its streams. */
import { describe, expect, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))

const replay = (args: ReadonlyArray<string>, env: Record<string, string> = {}, script = "src/cli/replay.ts") =>
  spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", LLM_PROVIDERS: "catalog", ...env },
    timeout: 60_000
  })

describe("npm run replay", () => {
  it("replays the shipped example file: one line out per line in, a summary on stderr, exit 1 for its bad lines", () => {
    const run = replay(["examples/contexts.jsonl"])
    const lines = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as { status: string })
    expect(lines).toHaveLength(11)
    expect(lines.filter((l) => l.status === "OK")).toHaveLength(9)
    expect(run.stderr).toContain("11 lines: 9 OK, 2 failed (INVALID_ARGUMENT 2)")
    expect(run.status).toBe(1)
    expect(replay(["examples/contexts.jsonl", "--allow-errors"]).status).toBe(0)
  })

  it("bad usage exits 2 with the reason and the usage; a missing file exits 1 with one sentence", () => {
    const usage = replay(["examples/contexts.jsonl", "--record", "a", "--replay", "b"])
    expect(usage.status).toBe(2)
    expect(usage.stderr).toContain("--record and --replay cannot be used together.")
    expect(usage.stderr).toContain("usage: npm run replay")
    expect(replay([]).status).toBe(2)
    expect(replay(["x.jsonl", "--concurrency", "0"]).stderr).toContain("--concurrency must be a positive integer.")
    const missing = replay(["does-not-exist.jsonl"])
    expect(missing.status).toBe(1)
    expect(missing.stderr.trim()).toBe("replay: input file does-not-exist.jsonl does not exist.")
  })

  it("a start failure is one line naming the variable", () => {
    const run = replay(["examples/contexts.jsonl"], { CACHE_URL: "redis://127.0.0.1:1" })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain("CACHE_ENCRYPTION_KEY")
  })

  it("a Kubernetes Indexed Job's pods: --shard /N takes the index from JOB_COMPLETION_INDEX; replay:merge joins them", () => {
    const dir = mkdtempSync(join(tmpdir(), "replay-cli-"))
    try {
      const outputs = [0, 1].map((i) => join(dir, `out-${i}.jsonl`))
      for (const [index, output] of outputs.entries()) {
        const run = replay(["examples/contexts.jsonl", "--shard", "/2", "-o", output, "--allow-errors"], {
          JOB_COMPLETION_INDEX: String(index)
        })
        expect(run.status).toBe(0)
        expect(JSON.parse(readFileSync(`${output}.summary.json`, "utf8"))).toMatchObject({ shard: { index, count: 2 } })
      }
      const merged = replay([...outputs, "-o", join(dir, "all.jsonl")], {}, "src/cli/replayMerge.ts")
      expect(merged.status).toBe(0)
      expect(merged.stderr).toContain("11 lines: 9 OK, 2 failed (INVALID_ARGUMENT 2)")
      expect(readFileSync(join(dir, "all.jsonl"), "utf8").trim().split("\n")).toHaveLength(11)
      const partial = replay([outputs[0] ?? ""], {}, "src/cli/replayMerge.ts")
      expect(partial.status).toBe(1)
      expect(partial.stderr.trim()).toBe("replay:merge: shard 1 of 2 missing.")
      expect(replay([], {}, "src/cli/replayMerge.ts").status).toBe(2)
      const noIndex = replay(["examples/contexts.jsonl", "--shard", "/2"])
      expect(noIndex.status).toBe(2)
      expect(noIndex.stderr).toContain("--shard /N takes the shard index from JOB_COMPLETION_INDEX, which is not set.")
      expect(replay(["examples/contexts.jsonl", "--resume"]).stderr).toContain("--resume needs --output")
      const target = replay(["examples/contexts.jsonl", "--target", "ipv4:10.0.0.1"])
      expect(target.status).toBe(2)
      expect(target.stderr).toContain("--target must be HOST:PORT, dns:///HOST:PORT or ipv4:IP:PORT,IP:PORT,...")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180_000)
})
