/**
 * The worker's environment in every benchmark that starts `node dist/main.js`
 * (bench/run.ts, bench/idle.ts): the production layers with every feature on.
 */
export const workerEnv = (baseURL: string, port: number): Record<string, string> => ({
  OPENAI_BASE_URL: baseURL,
  OPENAI_API_KEY: "bench",
  LLM_PROVIDERS: "openai",
  CACHE: "off",
  GRPC_HOST: "127.0.0.1",
  GRPC_PORT: String(port),
  METRICS_HOST: "127.0.0.1",
  METRICS_PORT: "0",
  HTTP_PORT: "off",
  // Every feature on, as in production: logs at info (two lines per call), metrics, grounding (the default).
  LOG_LEVEL: "info",
  // The default (100 streams per key) would refuse calls at concurrency 200; the baseline has no limit.
  MAX_STREAMS_PER_KEY: "1000",
  SHUTDOWN_GRACE_MS: "1000"
})
