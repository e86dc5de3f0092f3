/**
 * npm run bench: the worker (production build, production layers) against a
 * bare grpc-js baseline, side by side in one run on one machine, on the
 * shapes of issue #11:
 *
 * - paced: 300 deltas of a few characters, 10 ms apart, 200 concurrent streams
 *   (real LLM traffic: CPU per answer and memory per open stream);
 * - burst: 100 deltas at concurrency 50, 20 deltas at concurrency 50 and 200;
 * - latency: 20 deltas at concurrency 1 (added time to the first chunk);
 * - a delta-count sweep (1, 20, 100, 300 deltas, concurrency 20): the
 *   marginal CPU per delta of each server (least-squares slope);
 * - idle RSS after start, peak RSS in every scenario.
 *
 * One fake OpenAI-compatible upstream, one worker (`node dist/main.js`) and
 * one baseline (bench/baseline-server.ts compiled to plain JS) run as their own
 * processes for the whole bench; the fake's answer shape is switched between
 * scenarios (bench/fake-upstream.ts). The load generator (bench/load.ts, its
 * own process) drives each server in alternated rounds (ABBA) so that drift in
 * the machine's load hits both. Server CPU comes from /proc/<pid>/stat
 * (utime + stime), RSS from /proc/<pid>/status (VmHWM, reset before each run
 * through /proc/<pid>/clear_refs). The worker runs with every feature on:
 * cache off (every call does the full work), grounding on, logs at info,
 * metrics on. Then the pipeline, call-structure, analysis and catalog benchmarks.
 *
 * Writes bench/results/<timestamp>.json, the verdict table and the figures
 * block of docs/PERFORMANCE.md. Every step is bounded (calls, and seconds).
 *
 *   npm run bench                 # the whole run (< 10 min)
 *   npm run bench -- --quick      # one round, fewer calls: a smoke run of every scenario
 *   npm run bench -- --no-docs    # do not rewrite docs/PERFORMANCE.md
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { cpus, loadavg, totalmem } from "node:os"
import { dirname, join } from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import ts from "typescript"
import { freePort, isListening, workerEnv } from "./worker.js"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const { values: options } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    "no-docs": { type: "boolean", default: false },
    "skip-build": { type: "boolean", default: false }
  }
})
const quick = options.quick
const benchStarted = Date.now()
const clockTicks = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)
/** A figure, or n/a (a run with no successful call has no percentiles: null in the load generator's JSON). */
const f = (n: number | null, digits = 1) => (typeof n === "number" && Number.isFinite(n) ? n.toFixed(digits) : "n/a")

// ---------------------------------------------------------------------------
// Processes

interface Server {
  readonly name: string
  readonly pid: number
  readonly port: number
  readonly child: ChildProcess
}

const waitForPort = async (port: number, child: ChildProcess, name: string, timeoutMs = 20_000) => {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before listening`)
    if (await isListening(port)) return
    await sleep(50)
  }
  throw new Error(`${name} did not listen on ${port} within ${timeoutMs} ms`)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const children = new Set<ChildProcess>()
/** `stdout: "ignore"` sends it to /dev/null (the worker's log lines: written, as in production, but not kept). */
const start = (
  name: string,
  command: string,
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  stdout: "pipe" | "ignore" = "pipe"
) => {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["pipe", stdout, "pipe"]
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


/** The fake upstream; `setShape` switches the answers of the next calls (acknowledged on its stdout). */
const startFake = async () => {
  const child = start("fake upstream", process.execPath, ["--import", "tsx", "bench/fake-upstream.ts"], {})
  const { baseURL } = await firstJsonLine(child, "fake upstream")
  const acks = createInterface({ input: child.stdout! })
  const setShape = (deltas: number, delayMs: number) =>
    new Promise<void>((resolve) => {
      const onLine = (line: string) => {
        if (line.includes("\"shape\"")) {
          acks.off("line", onLine)
          resolve()
        }
      }
      acks.on("line", onLine)
      child.stdin?.write(JSON.stringify({ deltas, delayMs }) + "\n")
    })
  return { child, baseURL: baseURL as string, setShape }
}


const startWorker = async (baseURL: string): Promise<Server> => {
  const port = await freePort()
  const child = start("worker", process.execPath, ["dist/main.js"], workerEnv(baseURL, port), "ignore")
  await waitForPort(port, child, "worker")
  return { name: "worker", pid: child.pid!, port, child }
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
  readonly scenario: string
  readonly server: string
  readonly round: number
  /** Server CPU (user + system) over the run, warm-up included, per call made, in ms. */
  readonly cpuMsPerCall: number
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

const measure = async (server: Server, scenario: Scenario, round: number): Promise<RunResult> => {
  const warmup = warmupFor(scenario)
  const reset = resetPeak(server.pid)
  const cpuBefore = cpuSeconds(server.pid)
  const load = await runLoad(server, scenario.concurrency, scenario.calls, warmup)
  const cpu = cpuSeconds(server.pid) - cpuBefore
  const peakRssMb = statusKb(server.pid, "VmHWM") / 1024
  const made = load.calls + warmup
  const result: RunResult = {
    ...load,
    scenario: scenario.name,
    server: server.name,
    round,
    cpuMsPerCall: (cpu / made) * 1000,
    peakRssMb,
    peakRssReset: reset
  }
  log(
    `${scenario.name.padEnd(14)} ${server.name.padEnd(8)} ${f(load.callsPerSecond, 0).padStart(5)} calls/s  ` +
      `ttfc p50 ${f(load.ttfcMs.p50, 2)} ms  total p50 ${f(load.totalMs.p50, 2)} ms  cpu ${f(result.cpuMsPerCall, 2)} ms/call  ` +
      `rss ${f(peakRssMb, 0)} MB  ok ${load.ok}/${load.calls}${Object.keys(load.failures).length > 0 ? ` (failed, by status code: ${JSON.stringify(load.failures)})` : ""}`
  )
  return result
}

/** RSS 2 s after start, before any call (what the issue's first figures measured). */
const idleRssMb = async (server: Server): Promise<number> => {
  await sleep(2_000)
  return statusKb(server.pid, "VmRSS") / 1024
}

/**
 * RSS once idle long enough for V8 to give back the young generation it grew
 * while the modules loaded (20-30 s with no work; bench:idle): what an idle
 * replica holds. Both servers, started together, measured at the same moment.
 */
const settledIdleMs = 40_000
const settledRssMb = async (servers: ReadonlyArray<Server>, startedAt: number): Promise<Array<number>> => {
  await sleep(Math.max(0, settledIdleMs - (Date.now() - startedAt)))
  return servers.map((server) => statusKb(server.pid, "VmRSS") / 1024)
}

// ---------------------------------------------------------------------------
// The plan

interface Scenario {
  readonly name: string
  readonly deltas: number
  readonly delayMs: number
  readonly concurrency: number
  /** Measured calls (after a warm-up of max(concurrency, calls / 10)). */
  readonly calls: number
  readonly sweep?: boolean
}

const rounds = quick ? 1 : 2
const scaled = (full: number, quickCalls: number) => (quick ? quickCalls : full)
const scenarios: ReadonlyArray<Scenario> = [
  { name: "latency", deltas: 20, delayMs: 0, concurrency: 1, calls: scaled(300, 40) },
  { name: "burst20 c50", deltas: 20, delayMs: 0, concurrency: 50, calls: scaled(1_500, 150) },
  { name: "burst20 c200", deltas: 20, delayMs: 0, concurrency: 200, calls: scaled(2_000, 200) },
  { name: "burst100 c50", deltas: 100, delayMs: 0, concurrency: 50, calls: scaled(600, 100) },
  // Each paced call lasts about 3 s: the calls come in waves of 200.
  { name: "paced", deltas: 300, delayMs: 10, concurrency: 200, calls: scaled(600, 200) },
  ...[1, 20, 100, 300].map((deltas): Scenario => ({
    name: `sweep ${deltas}`,
    deltas,
    delayMs: 0,
    concurrency: 20,
    calls: quick ? Math.max(20, Math.round(2_000 / (deltas + 20))) : Math.max(120, Math.round(24_000 / (deltas + 20))),
    sweep: true
  }))
]
/** A tenth of the calls, at least one wave (a smaller one in the quick run, which only smoke-tests). */
const warmupFor = (s: Scenario) => quick ? Math.min(s.concurrency, 50) : Math.max(s.concurrency, Math.ceil(s.calls / 10))

const median = (xs: ReadonlyArray<number>) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : ((sorted[mid - 1]! + sorted[mid]!) / 2)
}

/** Least-squares slope of y over x. */
const slope = (points: ReadonlyArray<readonly [number, number]>): number => {
  const n = points.length
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0)
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0)
  return sxy / sxx
}

const runCommand = (script: string, args: ReadonlyArray<string> = []): { readonly command: string; readonly output: string; readonly ok: boolean } => {
  const command = `npm run ${script}${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`
  try {
    const output = execFileSync("npm", ["run", "--silent", script, ...(args.length > 0 ? ["--", ...args] : [])], {
      cwd: root,
      timeout: 180_000,
      stdio: ["ignore", "pipe", "pipe"]
    }).toString()
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

const fake = await startFake()
const serversStartedAt = Date.now()
const worker = await startWorker(fake.baseURL)
const baseline = await startBaseline(baselineJs, fake.baseURL)
const idle = { worker: await idleRssMb(worker), baseline: statusKb(baseline.pid, "VmRSS") / 1024 }
log(`idle RSS 2 s after start: worker ${idle.worker.toFixed(0)} MB, baseline ${idle.baseline.toFixed(0)} MB`)
// The full run waits for the settled figure (the quick one has only the 2 s figure).
const settled = quick
  ? undefined
  : await settledRssMb([worker, baseline], serversStartedAt).then(([w, b]) => ({ worker: w ?? NaN, baseline: b ?? NaN }))
if (settled !== undefined) {
  log(`idle RSS settled (${settledIdleMs / 1_000} s, no calls): worker ${settled.worker.toFixed(0)} MB, baseline ${settled.baseline.toFixed(0)} MB`)
}

const runs: Array<RunResult> = []
for (const scenario of scenarios) {
  await fake.setShape(scenario.deltas, scenario.delayMs)
  for (let round = 0; round < rounds; round++) {
    // ABBA: the worker first in even rounds, the baseline first in odd ones.
    const order = round % 2 === 0 ? [worker, baseline] : [baseline, worker]
    for (const server of order) runs.push(await measure(server, scenario, round))
  }
}
await stop(worker.child)
await stop(baseline.child)
await stop(fake.child)

log("npm run bench:pipeline")
const pipeline = runCommand("bench:pipeline", quick ? ["--quick"] : [])
log("npm run bench:call")
const callStructure = runCommand("bench:call", quick ? ["--quick"] : [])
// The analysis and catalog micro-benchmarks take a minute: the full run only.
const skipped = { command: "", output: "(not run with --quick)", ok: true }
if (!quick) log("npm run bench:analysis")
const analysis = quick ? skipped : runCommand("bench:analysis")
if (!quick) log("npm run bench:catalog")
const catalog = quick ? skipped : runCommand("bench:catalog")

// ---------------------------------------------------------------------------
// Summary: medians over rounds, then worker/baseline ratios and the verdict.

interface Row {
  readonly scenario: string
  readonly server: string
  readonly callsPerSecond: number
  readonly ttfcP50: number
  readonly ttfcP99: number
  readonly totalP50: number
  readonly totalP99: number
  readonly cpuMsPerCall: number
  readonly peakRssMb: number
  readonly failed: number
}

const summarize = (server: string, scenario: string): Row => {
  const mine = runs.filter((r) => r.server === server && r.scenario === scenario)
  return {
    scenario,
    server,
    callsPerSecond: median(mine.map((r) => r.callsPerSecond)),
    ttfcP50: median(mine.map((r) => r.ttfcMs.p50)),
    ttfcP99: median(mine.map((r) => r.ttfcMs.p99)),
    totalP50: median(mine.map((r) => r.totalMs.p50)),
    totalP99: median(mine.map((r) => r.totalMs.p99)),
    cpuMsPerCall: median(mine.map((r) => r.cpuMsPerCall)),
    peakRssMb: Math.max(...mine.map((r) => r.peakRssMb)),
    failed: mine.reduce((n, r) => n + (r.calls - r.ok), 0)
  }
}

interface Comparison {
  readonly scenario: string
  readonly worker: Row
  readonly baseline: Row
  readonly throughput: number
  readonly addedTtfcP50Ms: number
  readonly cpu: number
  readonly rss: number
}

const comparisons: Array<Comparison> = scenarios.map((s) => {
  const w = summarize("worker", s.name)
  const b = summarize("baseline", s.name)
  return {
    scenario: s.name,
    worker: w,
    baseline: b,
    throughput: w.callsPerSecond / b.callsPerSecond,
    addedTtfcP50Ms: w.ttfcP50 - b.ttfcP50,
    cpu: w.cpuMsPerCall / b.cpuMsPerCall,
    rss: w.peakRssMb / b.peakRssMb
  }
})
const compare = (name: string) => comparisons.find((c) => c.scenario === name)!

const sweepPoints = (server: "worker" | "baseline") =>
  scenarios.filter((s) => s.sweep === true).map((s) => [s.deltas, compare(s.name)[server].cpuMsPerCall] as const)
/** Marginal CPU per delta, µs: the slope of CPU per call over the delta count. */
const perDelta = { worker: slope(sweepPoints("worker")) * 1000, baseline: slope(sweepPoints("baseline")) * 1000 }
const paced = compare("paced")
const pacedStreams = scenarios.find((s) => s.name === "paced")!.concurrency
/** Memory per open stream: the paced run's peak over idle, per concurrent stream. */
const perStreamKb = {
  worker: ((paced.worker.peakRssMb - idle.worker) * 1024) / pacedStreams,
  baseline: ((paced.baseline.peakRssMb - idle.baseline) * 1024) / pacedStreams
}
const pipelineTotal = /^total: ([\d.]+) µs/m.exec(pipeline.output)?.[1]
const pipelineReference = /reference \(phase 1\): ([\d.]+) µs/.exec(pipeline.output)?.[1]

interface Verdict {
  readonly target: string
  readonly measured: string
  readonly met: boolean | undefined
}
const worstRss = Math.max(...comparisons.map((c) => c.rss))
const verdicts: ReadonlyArray<Verdict> = [
  { target: "paced (300 deltas, 10 ms apart, 200 streams): CPU per call ≤ 1.5 × baseline", measured: `${f(paced.cpu, 2)} ×`, met: paced.cpu <= 1.5 },
  { target: "paced: peak RSS ≤ 1.6 × baseline", measured: `${f(paced.rss, 2)} ×`, met: paced.rss <= 1.6 },
  { target: "burst 100 deltas, c=50: CPU per call ≤ 2.0 ×", measured: `${f(compare("burst100 c50").cpu, 2)} ×`, met: compare("burst100 c50").cpu <= 2 },
  { target: "burst 100 deltas, c=50: throughput ≥ 0.5 ×", measured: `${f(compare("burst100 c50").throughput, 2)} ×`, met: compare("burst100 c50").throughput >= 0.5 },
  { target: "burst 20 deltas, c=50: CPU per call ≤ 2.5 ×", measured: `${f(compare("burst20 c50").cpu, 2)} ×`, met: compare("burst20 c50").cpu <= 2.5 },
  { target: "burst 20 deltas, c=200: CPU per call ≤ 2.5 ×", measured: `${f(compare("burst20 c200").cpu, 2)} ×`, met: compare("burst20 c200").cpu <= 2.5 },
  { target: "added time to first chunk at c=1, p50 ≤ 1 ms", measured: `+${f(compare("latency").addedTtfcP50Ms, 2)} ms`, met: compare("latency").addedTtfcP50Ms <= 1 },
  settled === undefined
    ? { target: "idle RSS ≤ 100 MB", measured: `${f(idle.worker, 0)} MB 2 s after start (baseline ${f(idle.baseline, 0)} MB; the quick run has no settled figure)`, met: idle.worker <= 100 }
    : {
      target: "idle RSS ≤ 100 MB",
      measured: `${f(settled.worker, 0)} MB settled, ${f(idle.worker, 0)} MB 2 s after start (baseline ${f(settled.baseline, 0)} and ${f(idle.baseline, 0)} MB)`,
      met: settled.worker <= 100
    },
  { target: "peak RSS ≤ 1.6 × baseline in every scenario", measured: `worst ${f(worstRss, 2)} × (${comparisons.find((c) => c.rss === worstRss)?.scenario})`, met: worstRss <= 1.6 },
  {
    target: "marginal CPU per delta within 20 µs of the baseline's",
    measured: `${f(perDelta.worker, 1)} µs vs ${f(perDelta.baseline, 1)} µs`,
    met: perDelta.worker - perDelta.baseline <= 20
  },
  {
    target: "domain work per call ≤ half of phase 1's (`npm run bench:pipeline`)",
    measured: pipelineTotal === undefined ? "n/a" : `${pipelineTotal} µs (phase 1: ${pipelineReference ?? "n/a"} µs)`,
    met: pipelineTotal === undefined || pipelineReference === undefined ? undefined : Number(pipelineTotal) <= Number(pipelineReference) / 2
  }
]
const mark = (met: boolean | undefined) => (met === undefined ? "?" : met ? "met ✅" : "not met ❌")
const verdictTable = [
  "| target | measured | |",
  "|---|---|---|",
  ...verdicts.map((v) => `| ${v.target} | ${v.measured} | ${mark(v.met)} |`)
].join("\n")

const table = [
  "| scenario | deltas | pace | concurrency | server | calls/s | TTFC p50 (ms) | TTFC p99 (ms) | stream p50 (ms) | stream p99 (ms) | CPU ms / call | peak RSS (MB) | failed |",
  "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...comparisons.flatMap((c) => {
    const s = scenarios.find((x) => x.name === c.scenario)!
    return [c.worker, c.baseline].map((r) =>
      `| ${r.scenario} | ${s.deltas} | ${s.delayMs} ms | ${s.concurrency} | ${r.server} | ${f(r.callsPerSecond, 0)} | ${f(r.ttfcP50, 2)} | ${f(r.ttfcP99, 2)} | ${f(r.totalP50, 2)} | ${f(r.totalP99, 2)} | ${f(r.cpuMsPerCall, 2)} | ${f(r.peakRssMb, 0)} | ${r.failed} |`
    )
  })
].join("\n")
const ratioTable = [
  "| scenario | throughput worker/baseline | added TTFC p50 | CPU per call worker/baseline | peak RSS worker/baseline |",
  "|---|---:|---:|---:|---:|",
  ...comparisons.map((c) => `| ${c.scenario} | ${f(c.throughput, 2)} | ${f(c.addedTtfcP50Ms, 2)} ms | ${f(c.cpu, 2)} | ${f(c.rss, 2)} |`)
].join("\n")
const memoryLines = [
  `Idle RSS 2 s after start: worker ${f(idle.worker, 0)} MB, baseline ${f(idle.baseline, 0)} MB.` +
    (settled === undefined ? "" : ` Settled (${settledIdleMs / 1_000} s, no calls): worker ${f(settled.worker, 0)} MB, baseline ${f(settled.baseline, 0)} MB.`),
  `Memory per open stream (paced peak − idle, over ${pacedStreams} streams): worker ${f(perStreamKb.worker, 0)} KB, baseline ${f(perStreamKb.baseline, 0)} KB.`,
  `Marginal CPU per delta (slope over ${sweepPoints("worker").map(([d]) => d).join(", ")} deltas at concurrency 20): worker ${f(perDelta.worker, 1)} µs, baseline ${f(perDelta.baseline, 1)} µs.`
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
    scenarios,
    rounds,
    order: "ABBA (worker first in even rounds)",
    worker: "node dist/main.js, production layers, " + Object.entries(workerEnv("<fake>", 0)).map(([k, v]) => `${k}=${v}`).join(" "),
    baseline: "bench/baseline-server.ts (bare @grpc/grpc-js + openai SDK), compiled to JS"
  },
  idleRssMb: idle,
  settledIdleRssMb: settled ?? null,
  memoryPerOpenStreamKb: perStreamKb,
  marginalCpuPerDeltaUs: perDelta,
  verdicts,
  comparisons,
  runs,
  pipeline,
  callStructure,
  analysis,
  catalog
}
mkdirSync(join(root, "bench/results"), { recursive: true })
const jsonPath = `bench/results/${stamp}.json`
writeFileSync(join(root, jsonPath), JSON.stringify(result, null, 2) + "\n")

const fenced = (title: string, run: { readonly command: string; readonly output: string }) =>
  ["", `${title} (\`${run.command}\`):`, "", "```", run.output, "```"]
const block = [
  "<!-- bench:begin (written by `npm run bench`; edit outside this block) -->",
  `Last run: ${result.date}, \`${command}\`, ${seconds} s. Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node} (${machine.platform}); load average ${machine.loadAverageAtStart.join(" ")} at the start, ${result.machine.loadAverageAtEnd.join(" ")} at the end. Raw figures: \`${jsonPath}\`.`,
  "",
  `Medians over ${rounds} alternating round(s) (peak RSS: the highest). CPU is the server process's user + system time over the run (warm-up included) per call; peak RSS is VmHWM, reset before each run.`,
  "",
  "Verdict:",
  "",
  verdictTable,
  "",
  memoryLines,
  "",
  ratioTable,
  "",
  table,
  ...fenced("Pipeline", pipeline),
  ...fenced("The call's Effect structure in-process", callStructure),
  ...fenced("Analysis", analysis),
  ...fenced("Catalog", catalog),
  "<!-- bench:end -->"
].join("\n")

if (!options["no-docs"]) {
  const docPath = join(root, "docs/PERFORMANCE.md")
  const doc = existsSync(docPath) ? readFileSync(docPath, "utf8") : "# Performance\n\n## Figures\n\n<!-- bench:begin -->\n<!-- bench:end -->\n"
  const begin = doc.indexOf("<!-- bench:begin")
  const endMarker = "<!-- bench:end -->"
  const end = doc.indexOf(endMarker)
  const updated = begin >= 0 && end > begin
    ? doc.slice(0, begin) + block + doc.slice(end + endMarker.length)
    : `${doc.trimEnd()}\n\n## Figures\n\n${block}\n`
  writeFileSync(docPath, updated)
}

process.stdout.write(`\n${verdictTable}\n\n${memoryLines}\n\n${ratioTable}\n\n${table}\n\npipeline:\n${pipeline.output}\n\n`)
process.stdout.write(`wrote ${jsonPath}${options["no-docs"] ? "" : " and docs/PERFORMANCE.md"} in ${seconds} s\n`)
process.exit(0)
