/**
 * npm run bench:idle: the worker's idle RSS, as `npm run bench` measures it
 * (VmRSS 2 s after start, before any call), over several fresh starts of
 * `node dist/main.js` with the bench's environment (bench/run.ts `workerEnv`:
 * CACHE=off, HTTP_PORT=off, the openai provider, metrics on port 0). Nothing
 * is called, so the base URL needs no server behind it.
 *
 *   npm run build && npm run bench:idle              # 5 starts
 *   npm run bench:idle -- --starts 9 HTTP_PORT=0     # more starts; KEY=VALUE overrides the environment
 *   npm run bench:idle -- --after-ms 40000           # later than the bench's 2 s
 */
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { freePort, isListening, workerEnv } from "./worker.js"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const { values, positionals } = parseArgs({
  options: { starts: { type: "string", default: "5" }, "after-ms": { type: "string", default: "2000" } },
  allowPositionals: true
})
const starts = Math.max(1, Number(values.starts) || 5)
const afterMs = Math.max(0, Number(values["after-ms"]) || 2_000)
const overrides = Object.fromEntries(
  positionals.map((pair) => {
    const at = pair.indexOf("=")
    if (at <= 0) throw new Error(`expected KEY=VALUE, got ${pair}`)
    return [pair.slice(0, at), pair.slice(at + 1)]
  })
)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const vmRssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"))
  return Number(line?.replace(/\D+/g, "") ?? 0) / 1024
}

/** One fresh start: listening on its gRPC port, then 2 s (or --after-ms), then VmRSS. */
const once = async (): Promise<number> => {
  const port = await freePort()
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
    // No upstream is called: nothing is measured but the idle process.
    env: { ...process.env, ...workerEnv("http://127.0.0.1:9/v1", port), ...overrides }
  })
  let stderr = ""
  child.stderr.on("data", (data: Buffer) => (stderr = (stderr + data.toString()).slice(-2_000)))
  try {
    const started = Date.now()
    while (!(await isListening(port))) {
      if (child.exitCode !== null) throw new Error(`the worker exited with ${child.exitCode}: ${stderr.trim()}`)
      if (Date.now() - started > 30_000) throw new Error("the worker did not listen within 30 s")
      await sleep(50)
    }
    await sleep(afterMs)
    return vmRssMb(child.pid!)
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve))
    child.kill("SIGTERM")
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000)
    await exited
    clearTimeout(timer)
  }
}

const figures: Array<number> = []
for (let i = 0; i < starts; i++) figures.push(await once())
const sorted = [...figures].sort((a, b) => a - b)
const median = sorted[Math.floor(sorted.length / 2)]!
const env = Object.entries(overrides).map(([k, v]) => `${k}=${v}`).join(" ")
process.stdout.write(
  `idle RSS ${afterMs} ms after listening${env ? ` (${env})` : ""}: median ${median.toFixed(1)} MB over ${starts} starts ` +
    `(min ${sorted[0]!.toFixed(1)}, max ${sorted[sorted.length - 1]!.toFixed(1)}): ${figures.map((f) => f.toFixed(1)).join(" ")}\n`
)
