/**
 * npm run bench: the worker (production build, production layers) against a
 * bare grpc-js baseline, side by side in one run on one machine.
 *
 * For each upstream pace (0 ms and 2 ms between chunks) a fake OpenAI-
 * compatible upstream, the worker (`node dist/main.js`) and the baseline
 * (bench/baseline-server.ts compiled to plain JS) run as their own processes;
 * the load generator (bench/load.ts, its own process) drives each at
 * concurrency 1, 50 and 200, alternating worker and baseline (ABBA) so that
 * drift hits both. Server CPU comes from /proc/<pid>/stat (utime + stime),
 * peak RSS from /proc/<pid>/status (VmHWM, reset before each run through
 * /proc/<pid>/clear_refs). Then the analysis and catalog benchmarks.
 *
 * Writes bench/results/<timestamp>.json and the figures block of
 * docs/PERFORMANCE.md. Every step is bounded (calls, and seconds).
 *
 *   npm run bench                 # the whole run
 *   npm run bench -- --quick      # fewer calls, one round (a smoke run)
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import * as net from "node:net"
import { cpus, loadavg, totalmem } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import ts from "typescript"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const { values: options } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    chunks: { type: "string", default: "20" },
    "skip-build": { type: "boolean", default: false }
  }
})
const quick = options.quick
const chunks = Number(options.chunks)
const benchStarted = Date.now()
const clockTicks = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)

// ---------------------------------------------------------------------------
// Processes

interface Server {
  readonly name: string
  readonly pid: number
  readonly port: number
  readonly child: ChildProcess
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

const waitForPort = async (port: number, child: ChildProcess, name: string, timeoutMs = 20_000) => {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before listening`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1")
      socket.once("connect", () => {
        socket.destroy()
        resolve(true)
      })
      socket.once("error", () => resolve(false))
    })
    if (open) return
    await sleep(50)
  }
  throw new Error(`${name} did not listen on ${port} within ${timeoutMs} ms`)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const children = new Set<ChildProcess>()
const start = (name: string, command: string, args: ReadonlyArray<string>, env: Record<string, string>) => {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"]
  })
  children.add(child)
  child.once("exit", () => children.delete(child))
  let stderr = ""
  child.stderr?.on("data", (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-4_000)
  })
  child.once("exit", (code, signal) => {
    if (code !== 0 && signal === null && code !== null) log(`${name} exited with ${code}: ${stderr.trim()}`)
  })
  return child
}

const firstJsonLine = (child: ChildProcess, name: string, timeoutMs = 20_000): Promise<any> =>
  new Promise((resolve, reject) => {
    let buffer = ""
    const timer = setTimeout(() => reject(new Error(`${name} printed nothing within ${timeoutMs} ms`)), timeoutMs)
    child.stdout?.on("data", (data: Buffer) => {
      buffer += data.toString()
      const newline = buffer.indexOf("\n")
      if (newline >= 0) {
        clearTimeout(timer)
        resolve(JSON.parse(buffer.slice(0, newline)))
      }
    })
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code}`)))
  })

const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once("exit", resolve))
  child.kill("SIGTERM")
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000)
  await exited
  clearTimeout(timer)
}

const stopAll = () => {
  for (const child of children) child.kill("SIGKILL")
}
process.once("SIGINT", () => {
  stopAll()
  process.exit(130)
})
process.once("exit", stopAll)

const startFake = async (delayMs: number) => {
  const child = start("fake upstream", process.execPath, ["--import", "tsx", "bench/fake-upstream.ts", "--chunks", String(chunks), "--delay-ms", String(delayMs)], {})
  const { baseURL } = await firstJsonLine(child, "fake upstream")
  return { child, baseURL: baseURL as string }
}

const workerEnv = (baseURL: string, port: number, extra: Record<string, string>) => ({
  OPENAI_BASE_URL: baseURL,
  OPENAI_API_KEY: "bench",
  LLM_PROVIDERS: "openai",
  CACHE: "off",
  GRPC_HOST: "127.0.0.1",
  GRPC_PORT: String(port),
  METRICS_HOST: "127.0.0.1",
  METRICS_PORT: "0",
  HTTP_PORT: "off",
  LOG_LEVEL: "warning",
  // The default (100 streams per key) would refuse half the calls at concurrency 200; the baseline has no limit.
  MAX_STREAMS_PER_KEY: "1000",
  SHUTDOWN_GRACE_MS: "1000",
  ...extra
})

const startWorker = async (name: string, baseURL: string, extra: Record<string, string> = {}): Promise<Server> => {
  const port = await freePort()
  const child = start(name, process.execPath, ["dist/main.js"], workerEnv(baseURL, port, extra))
  await waitForPort(port, child, name)
  return { name, pid: child.pid!, port, child }
}

/** The baseline compiled to plain JS (no tsx loader in its process, like the worker's dist/). */
const baselineScript = (): string => {
  const source = readFileSync(join(root, "bench/baseline-server.ts"), "utf8")
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false }
  })
  // Under node_modules/.cache, so its imports resolve to the project's node_modules.
  const dir = join(root, "node_modules/.cache/llm-worker-rec-bench")
  mkdirSync(dir, { recursive: true })
  const file = join(dir, "baseline-server.mjs")
  writeFileSync(file, outputText)
  return file
}

const startBaseline = async (script: string, baseURL: string): Promise<Server> => {
  const port = await freePort()
  const child = start("baseline", process.execPath, [script], {
    GRPC_PORT: String(port),
    OPENAI_BASE_URL: baseURL,
    OPENAI_API_KEY: "bench",
    PROTO_DIR: join(root, "protos")
  })
  await firstJsonLine(child, "baseline")
  return { name: "baseline", pid: child.pid!, port, child }
}

// ---------------------------------------------------------------------------
// Measures

const cpuSeconds = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  // After the command: state is field 3, utime 14 and stime 15 (1-based, man proc).
  return (Number(fields[11]) + Number(fields[12])) / clockTicks
}

const statusKb = (pid: number, key: string): number => {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))
  return match?.[1] === undefined ? Number.NaN : Number(match[1])
}

/** Resets VmHWM to the current RSS, so each run's peak is its own. */
const resetPeak = (pid: number): boolean => {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5")
    return true
  } catch {
    return false
  }
}

interface LoadResult {
  readonly concurrency: number
  readonly calls: number
  readonly ok: number
  readonly failures: Record<string, number>
  readonly seconds: number
  readonly callsPerSecond: number
  readonly ttfcMs: { readonly p50: number; readonly p99: number }
  readonly totalMs: { readonly p50: number; readonly p99: number }
  readonly timedOut: boolean
}

interface RunResult extends LoadResult {
  readonly server: string
  readonly delayMs: number
  readonly round: number
  /** Server CPU (user + system) over the run, warm-up included, per 1,000 calls made. */
  readonly cpuSecondsPer1000: number
  readonly peakRssMb: number
  readonly peakRssReset: boolean
}

const runLoad = (server: Server, concurrency: number, calls: number, warmup: number): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    const child = start("load", process.execPath, [
      "--import", "tsx", "bench/load.ts",
      "--target", `127.0.0.1:${server.port}`,
      "--concurrency", String(concurrency),
      "--calls", String(calls),
      "--warmup", String(warmup),
      "--max-seconds", "90"
    ], {})
    let out = ""
    child.stdout?.on("data", (data: Buffer) => {
      out += data.toString()
    })
    child.once("exit", (code) => {
      try {
        if (code !== 0) throw new Error(`load generator exited with ${code}`)
        resolve(JSON.parse(out.trim().split("\n").at(-1) ?? ""))
      } catch (error) {
        reject(error)
      }
    })
  })

const measure = async (server: Server, delayMs: number, round: number, concurrency: number, calls: number, warmup: number): Promise<RunResult> => {
  const reset = resetPeak(server.pid)
  const cpuBefore = cpuSeconds(server.pid)
  const load = await runLoad(server, concurrency, calls, warmup)
  const cpu = cpuSeconds(server.pid) - cpuBefore
  const peakRssMb = statusKb(server.pid, "VmHWM") / 1024
  const made = load.calls + warmup
  const result: RunResult = {
    ...load,
    server: server.name,
    delayMs,
    round,
    cpuSecondsPer1000: (cpu / made) * 1000,
    peakRssMb,
    peakRssReset: reset
  }
  log(
    `${server.name.padEnd(24)} delay ${delayMs} ms  c=${String(concurrency).padStart(3)}  ${load.callsPerSecond.toFixed(0).padStart(5)} calls/s  ` +
      `ttfc p50 ${load.ttfcMs.p50.toFixed(2)} ms  total p50 ${load.totalMs.p50.toFixed(2)} ms  cpu ${result.cpuSecondsPer1000.toFixed(2)} s/1k  ` +
      `rss ${peakRssMb.toFixed(0)} MB  ok ${load.ok}/${load.calls}`
  )
  return result
}

// ---------------------------------------------------------------------------
// The plan

const delays = [0, 2]
const concurrencies = [1, 50, 200]
const rounds = quick ? 1 : 2
/** Measured calls per run, by concurrency and pace: about 5-15 s per worker run on 2 cores. */
const callsFor = (concurrency: number, delayMs: number): number => {
  const base = concurrency === 1 ? (delayMs === 0 ? 300 : 100) : concurrency === 50 ? 1_500 : 2_000
  return quick ? Math.ceil(base / 5) : base
}
const warmupFor = (concurrency: number, calls: number) => Math.max(concurrency, Math.ceil(calls / 10))

const median = (xs: ReadonlyArray<number>) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : ((sorted[mid - 1]! + sorted[mid]!) / 2)
}

const runCommand = (script: string): { readonly command: string; readonly output: string; readonly ok: boolean } => {
  const command = `npm run --silent ${script}`
  try {
    const output = execFileSync("npm", ["run", "--silent", script], { cwd: root, timeout: 120_000, stdio: ["ignore", "pipe", "pipe"] }).toString()
    return { command, output: output.trim(), ok: true }
  } catch (error) {
    return { command, output: `failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, ok: false }
  }
}

// ---------------------------------------------------------------------------

if (!options["skip-build"]) {
  log("npm run build")
  execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] })
}
const baselineJs = baselineScript()
const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}/${process.arch}`,
  loadAverageAtStart: loadavg().map((l) => Math.round(l * 10) / 10)
}
log(`${machine.cpu}, ${machine.cores} cores, node ${machine.node}, load average ${machine.loadAverageAtStart.join(" ")}`)

const runs: Array<RunResult> = []
const extras: Array<RunResult> = []
for (const delayMs of delays) {
  const fake = await startFake(delayMs)
  const worker = await startWorker("worker", fake.baseURL)
  const baseline = await startBaseline(baselineJs, fake.baseURL)
  for (const concurrency of concurrencies) {
    const calls = callsFor(concurrency, delayMs)
    const warmup = warmupFor(concurrency, calls)
    for (let round = 0; round < rounds; round++) {
      // ABBA: the worker first in even rounds, the baseline first in odd ones.
      const order = round % 2 === 0 ? [worker, baseline] : [baseline, worker]
      for (const server of order) runs.push(await measure(server, delayMs, round, concurrency, calls, warmup))
    }
  }
  await stop(worker.child)
  await stop(baseline.child)
  // The worker without catalog grounding, once, at concurrency 50: how much of the gap grounding is.
  if (delayMs === 0) {
    const ungrounded = await startWorker("worker (GROUNDING=none)", fake.baseURL, { GROUNDING: "none" })
    extras.push(await measure(ungrounded, delayMs, 0, 50, callsFor(50, 0), warmupFor(50, callsFor(50, 0))))
    await stop(ungrounded.child)
  }
  await stop(fake.child)
}

log("npm run bench:analysis")
const analysis = runCommand("bench:analysis")
const catalog = existsSync(join(root, "bench/catalog.ts")) ? (log("npm run bench:catalog"), runCommand("bench:catalog")) : undefined

// ---------------------------------------------------------------------------
// Summary: medians over rounds, then worker/baseline ratios.

interface Row {
  readonly delayMs: number
  readonly concurrency: number
  readonly server: string
  readonly callsPerSecond: number
  readonly ttfcP50: number
  readonly ttfcP99: number
  readonly totalP50: number
  readonly totalP99: number
  readonly cpuSecondsPer1000: number
  readonly peakRssMb: number
  readonly failed: number
}

const summarize = (server: string, delayMs: number, concurrency: number, from: ReadonlyArray<RunResult>): Row => {
  const mine = from.filter((r) => r.server === server && r.delayMs === delayMs && r.concurrency === concurrency)
  return {
    delayMs,
    concurrency,
    server,
    callsPerSecond: median(mine.map((r) => r.callsPerSecond)),
    ttfcP50: median(mine.map((r) => r.ttfcMs.p50)),
    ttfcP99: median(mine.map((r) => r.ttfcMs.p99)),
    totalP50: median(mine.map((r) => r.totalMs.p50)),
    totalP99: median(mine.map((r) => r.totalMs.p99)),
    cpuSecondsPer1000: median(mine.map((r) => r.cpuSecondsPer1000)),
    peakRssMb: Math.max(...mine.map((r) => r.peakRssMb)),
    failed: mine.reduce((n, r) => n + (r.calls - r.ok), 0)
  }
}

const rows: Array<Row> = []
const comparisons: Array<{
  delayMs: number
  concurrency: number
  throughput: number
  addedTtfcP50Ms: number
  cpu: number
  rss: number
}> = []
for (const delayMs of delays) {
  for (const concurrency of concurrencies) {
    const w = summarize("worker", delayMs, concurrency, runs)
    const b = summarize("baseline", delayMs, concurrency, runs)
    rows.push(w, b)
    comparisons.push({
      delayMs,
      concurrency,
      throughput: w.callsPerSecond / b.callsPerSecond,
      addedTtfcP50Ms: w.ttfcP50 - b.ttfcP50,
      cpu: w.cpuSecondsPer1000 / b.cpuSecondsPer1000,
      rss: w.peakRssMb / b.peakRssMb
    })
  }
}
const extraRows = extras.map((r) => summarize(r.server, r.delayMs, r.concurrency, extras))

const targets = comparisons.map((c) => ({
  ...c,
  throughputMet: c.concurrency === 1 ? undefined : c.throughput >= 0.8,
  ttfcMet: c.addedTtfcP50Ms < 1,
  rssMet: c.rss < 1.5
}))

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a")
const table = [
  "| upstream pace | concurrency | server | calls/s | TTFC p50 (ms) | TTFC p99 (ms) | stream p50 (ms) | stream p99 (ms) | CPU s / 1,000 calls | peak RSS (MB) | failed |",
  "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...[...rows, ...extraRows].map((r) =>
    `| ${r.delayMs} ms | ${r.concurrency} | ${r.server} | ${f(r.callsPerSecond, 0)} | ${f(r.ttfcP50, 2)} | ${f(r.ttfcP99, 2)} | ${f(r.totalP50, 2)} | ${f(r.totalP99, 2)} | ${f(r.cpuSecondsPer1000, 2)} | ${f(r.peakRssMb, 0)} | ${r.failed} |`
  )
].join("\n")
const mark = (met: boolean | undefined) => (met === undefined ? "" : met ? " ✅" : " ❌")
const ratioTable = [
  "| upstream pace | concurrency | throughput worker/baseline (target ≥ 0.8 at 50, 200) | added TTFC p50 (target < 1 ms) | CPU per call worker/baseline | peak RSS worker/baseline (target < 1.5) |",
  "|---|---:|---:|---:|---:|---:|",
  ...targets.map((t) =>
    `| ${t.delayMs} ms | ${t.concurrency} | ${f(t.throughput, 2)}${mark(t.throughputMet)} | ${f(t.addedTtfcP50Ms, 2)} ms${mark(t.ttfcMet)} | ${f(t.cpu, 2)} | ${f(t.rss, 2)}${mark(t.rssMet)} |`
  )
].join("\n")

const seconds = Math.round((Date.now() - benchStarted) / 1000)
const stamp = new Date().toISOString().replace(/[:.]/g, "-")
const command = `npm run bench${quick ? " -- --quick" : ""}`
const result = {
  date: new Date().toISOString(),
  command,
  seconds,
  machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 10) / 10) },
  setup: {
    chunksPerAnswer: chunks,
    upstreamPacesMs: delays,
    concurrencies,
    rounds,
    order: "ABBA (worker first in even rounds)",
    worker: "node dist/main.js, production layers, " + Object.entries(workerEnv("<fake>", 0, {})).map(([k, v]) => `${k}=${v}`).join(" "),
    baseline: "bench/baseline-server.ts (bare @grpc/grpc-js + openai SDK), compiled to JS"
  },
  summary: rows,
  extras: extraRows,
  ratios: targets,
  runs: [...runs, ...extras],
  analysis,
  catalog
}
mkdirSync(join(root, "bench/results"), { recursive: true })
const jsonPath = `bench/results/${stamp}.json`
writeFileSync(join(root, jsonPath), JSON.stringify(result, null, 2) + "\n")

const block = [
  "<!-- bench:begin (written by `npm run bench`; edit outside this block) -->",
  `Last run: ${result.date}, \`${command}\`, ${seconds} s. Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node} (${machine.platform}); load average ${machine.loadAverageAtStart.join(" ")} at the start, ${result.machine.loadAverageAtEnd.join(" ")} at the end. Raw figures: \`${jsonPath}\`.`,
  "",
  `Each answer is ${chunks} chunks from the fake upstream; medians over ${rounds} alternating round(s) (peak RSS: the highest). CPU is the server process's user + system time over the run (warm-up included) per 1,000 calls; peak RSS is VmHWM, reset before each run.`,
  "",
  table,
  "",
  ratioTable,
  "",
  "Analysis (`npm run bench:analysis`):",
  "",
  "```",
  analysis.output,
  "```",
  ...(catalog === undefined ? [] : ["", "Catalog (`npm run bench:catalog`):", "", "```", catalog.output, "```"]),
  "<!-- bench:end -->"
].join("\n")

const docPath = join(root, "docs/PERFORMANCE.md")
const doc = existsSync(docPath) ? readFileSync(docPath, "utf8") : "# Performance\n\n## Figures\n\n<!-- bench:begin -->\n<!-- bench:end -->\n"
const begin = doc.indexOf("<!-- bench:begin")
const endMarker = "<!-- bench:end -->"
const end = doc.indexOf(endMarker)
const updated = begin >= 0 && end > begin
  ? doc.slice(0, begin) + block + doc.slice(end + endMarker.length)
  : `${doc.trimEnd()}\n\n## Figures\n\n${block}\n`
writeFileSync(docPath, updated)

process.stdout.write(`\n${table}\n\n${ratioTable}\n\nanalysis:\n${analysis.output}\n${catalog === undefined ? "" : `\ncatalog:\n${catalog.output}\n`}\n`)
process.stdout.write(`wrote ${jsonPath} and docs/PERFORMANCE.md in ${seconds} s\n`)
process.exit(0)
