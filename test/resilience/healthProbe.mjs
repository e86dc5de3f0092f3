// A health prober on its own thread (its own event loop): it sends a Check
// every `intervalMs` to the worker on `port` and reports, for each, when it
// was sent and how long the answer took. Plain JS so that a worker thread
// runs it without a TypeScript loader. Stops when told to ("stop").
import * as grpc from "@grpc/grpc-js"
import { service as healthService } from "grpc-health-check"
import { parentPort, workerData } from "node:worker_threads"

const { port, intervalMs } = workerData
const Client = grpc.makeClientConstructor(healthService, "grpc.health.v1.Health")
const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure())
const samples = []
let stopped = false
let pending = 0

const probe = () => {
  if (stopped) return
  const sentAt = performance.now()
  pending++
  client.check({ service: "" }, new grpc.Metadata(), { deadline: Date.now() + 60_000 }, (error, value) => {
    pending--
    samples.push({ sentAt, ms: performance.now() - sentAt, status: error ? `error ${error.code}` : value.status })
    if (stopped && pending === 0) finish()
  })
  setTimeout(probe, intervalMs)
}

const finish = () => {
  client.close()
  parentPort.postMessage(samples)
}

parentPort.on("message", (message) => {
  if (message !== "stop") return
  stopped = true
  if (pending === 0) finish()
})
client.waitForReady(Date.now() + 10_000, (error) => {
  if (error) throw error
  parentPort.postMessage("ready")
  probe()
})
