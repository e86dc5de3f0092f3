/**
 * Exports Effect's spans over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` is
 * set (the OpenTelemetry exporter reads it and the other standard
 * OTEL_EXPORTER_OTLP_* variables itself); otherwise tracing is off and spans
 * are Effect's no-op spans. The OpenTelemetry modules are imported only when the
 * endpoint is set, so a worker without tracing starts as fast as before.
 */
import { Config, type ConfigError, Effect, Layer, Option } from "effect"

export const tracingConfig = Config.all({
  endpoint: Config.option(Config.nonEmptyString("OTEL_EXPORTER_OTLP_ENDPOINT")),
  serviceName: Config.string("OTEL_SERVICE_NAME").pipe(Config.withDefault("llm-worker-rec"))
})

const otlpLayer = (serviceName: string) =>
  Effect.promise(async () => {
    const [NodeSdk, { OTLPTraceExporter }, { BatchSpanProcessor }] = await Promise.all([
      import("@effect/opentelemetry/NodeSdk"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/sdk-trace-base")
    ])
    return NodeSdk.layer(() => ({
      resource: { serviceName },
      spanProcessor: new BatchSpanProcessor(new OTLPTraceExporter())
    }))
  })

export const TracingLive: Layer.Layer<never, ConfigError.ConfigError> = Layer.unwrapEffect(
  Effect.gen(function*() {
    const { endpoint, serviceName } = yield* tracingConfig
    // Nothing reads spans then: Effect makes no-op spans (no clock reads, attributes or log events kept).
    if (Option.isNone(endpoint)) return Layer.setTracerEnabled(false)
    const layer = yield* otlpLayer(serviceName)
    yield* Effect.logInfo("exporting traces over OTLP").pipe(Effect.annotateLogs({ service: serviceName }))
    return Layer.discard(layer)
  })
)
