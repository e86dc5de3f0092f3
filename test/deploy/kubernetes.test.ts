/**
 * The Kubernetes manifests against the code they deploy: every file parses;
 * every core object passes the Kubernetes OpenAPI schema (kubernetes-models'
 * offline validators); and what drifts silently is checked: variable names
 * (read from the source, not from a second list), the ConfigMap's values
 * through the code's own Configs, ports, probe paths against the real
 * operations server, the grace period against the drain, the user against
 * the Dockerfile, and the replay Job against the replay command.
 *
 * With kubectl on the PATH, the base, the production overlay and the replay
 * kustomization are also rendered by its built-in Kustomize and validated.
 */
import { describe, expect, it } from "@effect/vitest"
import { Config, ConfigProvider, Context, Effect, Layer } from "effect"
import { spawnSync } from "node:child_process"
import { readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { parseAllDocuments } from "yaml"
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1"
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2"
import { Job } from "kubernetes-models/batch/v1"
import { PodDisruptionBudget } from "kubernetes-models/policy/v1"
import { ConfigMap, PersistentVolumeClaim, Service } from "kubernetes-models/v1"
import { connectionConfig } from "../../src/grpc/connections.js"
import { layer as opsHttp, opsHttpConfig, OpsHttpServer } from "../../src/http/opsServer.js"
import { workerSettings } from "../../src/layers/Config.js"
import { parseShard } from "../../src/replay/shard.js"
import { OpsTest } from "../layers/OpsTest.js"

const root = fileURLToPath(new URL("../../", import.meta.url))
const deployDir = join(root, "deploy/kubernetes")

// ---------------------------------------------------------------- reading

/** A parsed manifest, read by path: the tests check the shapes they rely on. */
type Manifest = Record<string, any>

const yamlFiles = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
    .map((f) => join(dir, f))
    .sort()

const documents = (text: string): ReadonlyArray<Manifest> => {
  const docs = parseAllDocuments(text)
  const parsed: Array<Manifest> = []
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join("; "))
    const value: unknown = doc.toJS()
    if (value !== null && value !== undefined) parsed.push(value as Manifest)
  }
  return parsed
}

const load = (path: string) => documents(readFileSync(join(deployDir, path), "utf8"))

const one = (objects: ReadonlyArray<Manifest>, kind: string, name?: string): Manifest => {
  const found = objects.filter((o) => o["kind"] === kind && (name === undefined || o["metadata"]?.["name"] === name))
  if (found.length !== 1) throw new Error(`expected one ${kind}${name === undefined ? "" : ` ${name}`}, found ${found.length}`)
  return found[0] as Manifest
}

const base = yamlFiles(join(deployDir, "base")).filter((f) => !f.endsWith("kustomization.yaml")).flatMap((f) =>
  documents(readFileSync(f, "utf8"))
)
const replayObjects = [...load("replay/job.yaml"), ...load("replay/pvc.yaml")]
const mergeJob = one(load("replay/replay-merge.yaml"), "Job")
const serviceMonitor = one(load("components/servicemonitor/servicemonitor.yaml"), "ServiceMonitor")

// ---------------------------------------------------------------- schema

/** kubernetes-models' validators, generated from the Kubernetes OpenAPI schema (no cluster needed). */
const schemas: Readonly<Record<string, (o: Manifest) => { validate: () => void }>> = {
  "apps/v1/Deployment": (o) => new Deployment(o as never),
  "apps/v1/StatefulSet": (o) => new StatefulSet(o as never),
  "autoscaling/v2/HorizontalPodAutoscaler": (o) => new HorizontalPodAutoscaler(o as never),
  "batch/v1/Job": (o) => new Job(o as never),
  "policy/v1/PodDisruptionBudget": (o) => new PodDisruptionBudget(o as never),
  "v1/ConfigMap": (o) => new ConfigMap(o as never),
  "v1/PersistentVolumeClaim": (o) => new PersistentVolumeClaim(o as never),
  "v1/Service": (o) => new Service(o as never)
}

/** Schema errors of an object; undefined for a kind without a schema here (a CRD, a Kustomization). */
const schemaErrors = (o: Manifest): string | undefined | null => {
  const make = schemas[`${o["apiVersion"]}/${o["kind"]}`]
  if (make === undefined) return undefined
  try {
    make(o).validate()
    return null
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

// ---------------------------------------------------------------- the code's variables

const sourceFiles = readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".ts"))
  .map((f) => readFileSync(join(root, "src", f), "utf8"))

/**
 * Every environment variable the worker reads, from the source: the names
 * passed as a string to a Config constructor or helper (`Config.string("X")`,
 * `positiveInt("X", ...)`), and the provider variables built from a prefix
 * (`${prefix}_API_KEY` for each `providerConfig("openai", ...)`).
 */
const codeVariables: ReadonlySet<string> = (() => {
  const names = new Set<string>()
  const prefixes = new Set<string>()
  const suffixes = new Set<string>()
  for (const text of sourceFiles) {
    for (const m of text.matchAll(/\(\s*"([A-Z][A-Z0-9_]*)"\s*[,)]/g)) names.add(m[1] ?? "")
    for (const m of text.matchAll(/providerConfig\(\s*"([a-z]+)"/g)) prefixes.add((m[1] ?? "").toUpperCase())
    for (const m of text.matchAll(/`\$\{prefix\}(_[A-Z0-9_]+)`/g)) suffixes.add(m[1] ?? "")
  }
  for (const prefix of prefixes) for (const suffix of suffixes) names.add(`${prefix}${suffix}`)
  return names
})()

/** Set by Node or Kubernetes, not by the worker's configuration. */
const platformVariables = new Set(["NODE_OPTIONS"])

const deployment = one(base, "Deployment", "llm-worker-rec")
const podSpec = deployment["spec"]["template"]["spec"]
const worker = podSpec["containers"].find((c: Manifest) => c["name"] === "worker") as Manifest
const configMap = one(base, "ConfigMap", "llm-worker-rec-config")
const configData = configMap["data"] as Record<string, string>

/** The ConfigMap read by the worker's own Configs, as a replica would read it at start. */
const fromConfigMap = <A>(config: Config.Config<A>) =>
  Effect.withConfigProvider(config, ConfigProvider.fromMap(new Map(Object.entries(configData))))

const portNamed = (container: Manifest, name: string): number =>
  (container["ports"] as Array<Manifest>).find((p) => p["name"] === name)?.["containerPort"]

describe("the Kubernetes manifests", () => {
  it("every YAML file parses, and every core object passes the Kubernetes schema", () => {
    const files = yamlFiles(deployDir)
    expect(files.length).toBeGreaterThanOrEqual(10)
    const invalid: Array<string> = []
    let validated = 0
    for (const file of files) {
      const objects = documents(readFileSync(file, "utf8"))
      expect(objects.length, relative(deployDir, file)).toBeGreaterThan(0)
      // Overlay patches are partial objects: the rendered overlay is validated instead (below).
      if (file.includes("/overlays/")) continue
      for (const o of objects) {
        const errors = schemaErrors(o)
        if (errors === null) validated++
        if (typeof errors === "string") invalid.push(`${relative(deployDir, file)} ${o["kind"]}: ${errors}`)
      }
    }
    expect(invalid).toEqual([])
    expect(validated).toBeGreaterThanOrEqual(11)
  })

  it("the schema check does reject a wrong object", () => {
    const broken = structuredClone(deployment)
    broken["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "grpc"
    expect(schemaErrors(broken)).toMatch(/containerPort/)
    const noSelector = structuredClone(deployment)
    delete noSelector["spec"]["selector"]
    expect(schemaErrors(noSelector)).toMatch(/selector/)
  })

  it("names only variables the worker reads (from the source), and the worker accepts the ConfigMap's values", async () => {
    expect(codeVariables.has("GRPC_PORT")).toBe(true)
    expect(codeVariables.has("OPENAI_API_KEY")).toBe(true)
    expect(codeVariables.has("GRPC_MAX_CONNECTION_AGE_MS")).toBe(true)
    const named = [
      ...Object.keys(configData),
      ...(worker["env"] as Array<Manifest>).map((e) => e["name"] as string)
    ]
    const unknown = named.filter((n) => !codeVariables.has(n) && !platformVariables.has(n))
    expect(unknown).toEqual([])
    // Every secret the Deployment refers to lives in one Secret, under the variable's own name.
    for (const env of worker["env"] as Array<Manifest>) {
      const ref = env["valueFrom"]?.["secretKeyRef"]
      if (ref !== undefined) expect(ref).toMatchObject({ name: "llm-worker-rec-secrets", key: env["name"] })
    }
    // Parsed and validated exactly as a replica does at start.
    const settings = await Effect.runPromise(fromConfigMap(workerSettings))
    const ops = await Effect.runPromise(fromConfigMap(opsHttpConfig))
    const connections = await Effect.runPromise(fromConfigMap(connectionConfig))
    expect(settings.shutdownGraceMs).toBeGreaterThan(0)
    expect(connections.maxAgeMs._tag).toBe("Some")
    expect(portNamed(worker, "grpc")).toBe(settings.port)
    expect(portNamed(worker, "metrics")).toBe(ops.port)
  })

  it.scopedLive("the probes ask paths the operations server answers", () =>
    Effect.gen(function*() {
      const context = yield* Layer.build(opsHttp({ host: "127.0.0.1", port: 0 }).pipe(Layer.provide(OpsTest())))
      const port = Context.get(context, OpsHttpServer).port
      const status = (path: string) =>
        Effect.promise(async () => (await fetch(`http://127.0.0.1:${port}${path}`)).status)
      const probes = ["startupProbe", "livenessProbe", "readinessProbe"].map((p) => worker[p]["httpGet"] as Manifest)
      for (const probe of probes) {
        expect(probe["port"]).toBe("metrics")
        expect(yield* status(probe["path"])).not.toBe(404)
      }
      expect(probes.map((p) => p["path"])).toEqual(["/healthz", "/healthz", "/readyz"])
      expect(yield* status("/no-such-probe")).toBe(404)
    }))

  it("gives the drain time to finish: the grace period covers the preStop pause and SHUTDOWN_GRACE_MS", async () => {
    const settings = await Effect.runPromise(fromConfigMap(workerSettings))
    const command = worker["lifecycle"]["preStop"]["exec"]["command"] as Array<string>
    expect(command[0]).toBe("sleep")
    const pauseMs = Number(command[1]) * 1000
    const graceMs = podSpec["terminationGracePeriodSeconds"] * 1000
    expect(graceMs).toBeGreaterThan(pauseMs + settings.shutdownGraceMs)
  })

  it("runs as the Dockerfile's user, non-root, on a read-only root filesystem", () => {
    const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8")
    const users = [...dockerfile.matchAll(/^USER\s+(\d+):(\d+)\s*$/gm)]
    expect(users).toHaveLength(1)
    const [, uid, gid] = users[0] ?? []
    const pods = [podSpec, ...replayObjects.concat(mergeJob).filter((o) => o["kind"] === "Job").map((j) => j["spec"]["template"]["spec"])]
    for (const pod of pods) {
      expect(pod["securityContext"]).toMatchObject({ runAsNonRoot: true, runAsUser: Number(uid), runAsGroup: Number(gid) })
      for (const container of pod["containers"] as Array<Manifest>) {
        expect(container["securityContext"]).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false })
      }
    }
  })

  it("wires Services, the budget, the autoscaler and the ServiceMonitor to the worker's pods and ports", () => {
    const podLabels = deployment["spec"]["template"]["metadata"]["labels"] as Record<string, string>
    const portNames = new Set((worker["ports"] as Array<Manifest>).map((p) => p["name"]))
    const headless = one(base, "Service", "llm-worker-rec-headless")
    const clusterIp = one(base, "Service", "llm-worker-rec")
    expect(headless["spec"]["clusterIP"]).toBe("None")
    for (const service of [headless, clusterIp]) {
      expect(podLabels).toMatchObject(service["spec"]["selector"])
      for (const port of service["spec"]["ports"] as Array<Manifest>) expect(portNames).toContain(port["targetPort"])
    }
    expect(podLabels).toMatchObject(deployment["spec"]["selector"]["matchLabels"])
    expect(podLabels).toMatchObject(one(base, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"])
    expect(one(base, "HorizontalPodAutoscaler")["spec"]["scaleTargetRef"]).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "llm-worker-rec"
    })
    // The HPA owns the replica count: a count in the Deployment would reset it at every apply.
    expect(deployment["spec"]["replicas"]).toBeUndefined()
    expect(worker["resources"]["requests"]["cpu"]).toBeDefined()
    expect(clusterIp["metadata"]["labels"]).toMatchObject(serviceMonitor["spec"]["selector"]["matchLabels"])
    const scraped = serviceMonitor["spec"]["endpoints"][0]
    expect((clusterIp["spec"]["ports"] as Array<Manifest>).map((p) => p["name"])).toContain(scraped["port"])
    expect(scraped["path"]).toBe("/metrics")
    // The trial Redis is the one CACHE_URL names.
    const redis = one(base, "Service", "llm-worker-rec-redis")
    expect(new URL(configData["CACHE_URL"] ?? "").hostname).toBe(redis["metadata"]["name"])
    expect(Number(new URL(configData["CACHE_URL"] ?? "").port)).toBe(redis["spec"]["ports"][0]["port"])
  })

  it("the replay Job: one shard per index, the command's own flags, a target the Services serve, and a merge of every shard", () => {
    const job = one(replayObjects, "Job")
    expect(job["spec"]["completionMode"]).toBe("Indexed")
    const shards = job["spec"]["completions"] as number
    expect(job["spec"]["parallelism"]).toBe(shards)
    const container = job["spec"]["template"]["spec"]["containers"][0] as Manifest
    const args = container["args"] as Array<string>
    const flag = (name: string) => args[args.indexOf(name) + 1]
    // `--shard /N` as the command parses it, for every index the Job controller hands out.
    for (let index = 0; index < shards; index++) {
      expect(parseShard(flag("--shard") ?? "", String(index))).toEqual({ index, count: shards })
    }
    expect(parseShard(flag("--shard") ?? "", String(shards))).toMatch(/must be below/)
    expect(flag("--output")).toContain("$(JOB_COMPLETION_INDEX)")
    expect(args).toContain("--resume")
    expect(container["command"]).toEqual(["node", "dist/cli/replay.js"])
    expect(mergeJob["spec"]["template"]["spec"]["containers"][0]["command"]).toEqual(["node", "dist/cli/replayMerge.js"])
    // The compiled CLIs exist as sources at those paths.
    for (const cli of ["replay", "replayMerge"]) expect(readdirSync(join(root, "src/cli"))).toContain(`${cli}.ts`)
    const target = /^dns:\/\/\/([^:]+):(\d+)$/.exec(flag("--target") ?? "")
    expect(target).not.toBeNull()
    const service = one(base, "Service", target?.[1])
    expect((service["spec"]["ports"] as Array<Manifest>).map((p) => p["port"])).toContain(Number(target?.[2]))
    // The merge reads exactly the outputs the shards write.
    const outputs = Array.from({ length: shards }, (_, i) => (flag("--output") ?? "").replace("$(JOB_COMPLETION_INDEX)", String(i)))
    const mergeArgs = mergeJob["spec"]["template"]["spec"]["containers"][0]["args"] as Array<string>
    expect(mergeArgs.slice(0, shards)).toEqual(outputs)
    expect(mergeArgs[shards]).toBe("--output")
    for (const pod of [job, mergeJob]) {
      expect(pod["spec"]["template"]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"])
        .toBe(one(replayObjects, "PersistentVolumeClaim")["metadata"]["name"])
    }
    const env = (container["env"] as Array<Manifest>).map((e) => e["name"] as string)
    expect(env.filter((n) => !codeVariables.has(n))).toEqual([])
  })
})

const kubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0

describe.skipIf(!kubectl)("rendered with kubectl's Kustomize", () => {
  const render = (dir: string) => {
    const run = spawnSync("kubectl", ["kustomize", join(deployDir, dir)], { encoding: "utf8", timeout: 60_000 })
    if (run.status !== 0) throw new Error(run.stderr)
    return documents(run.stdout)
  }

  it("base, production overlay and replay render, and every object passes the schema", () => {
    for (const dir of ["base", "overlays/production", "replay"]) {
      const objects = render(dir)
      const invalid = objects.flatMap((o) => {
        const errors = schemaErrors(o)
        return typeof errors === "string" ? [`${dir} ${o["kind"]}: ${errors}`] : []
      })
      expect(invalid).toEqual([])
    }
  })

  it("production: the managed Redis URL from the Secret, no trial Redis, scraped by a ServiceMonitor", () => {
    const objects = render("overlays/production")
    expect(objects.filter((o) => o["metadata"]["name"] === "llm-worker-rec-redis")).toEqual([])
    const config = one(objects, "ConfigMap")["data"] as Record<string, string>
    expect(config["CACHE_URL"]).toBeUndefined()
    const container = one(objects, "Deployment")["spec"]["template"]["spec"]["containers"][0] as Manifest
    expect((container["env"] as Array<Manifest>).find((e) => e["name"] === "CACHE_URL")).toEqual({
      name: "CACHE_URL",
      valueFrom: { secretKeyRef: { name: "llm-worker-rec-secrets", key: "CACHE_URL" } }
    })
    expect(one(objects, "ServiceMonitor")["spec"]["endpoints"][0]["port"]).toBe("metrics")
    expect(one(objects, "HorizontalPodAutoscaler")["spec"]["minReplicas"]).toBeGreaterThanOrEqual(3)
    expect(container["image"]).toMatch(/:\d+\.\d+\.\d+$/)
  })
})
