/**
 * OpenTelemetry tracing, imported first by every entry point (main, start-subgraph, start-gateway)
 * because the HTTP instrumentation patches node:http when it is required. On only when
 * OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set: spans go by OTLP/HTTP to
 * that collector, and the W3C `traceparent` header links the gateway's span to each subgraph call.
 * Unset, nothing is loaded and nothing is traced.
 */
import type { NodeTracerProvider as Provider } from "@opentelemetry/sdk-trace-node";

let provider: Provider | undefined;

function enabled(): boolean {
  return Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && process.env.OTEL_SDK_DISABLED !== "true";
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded synchronously, and only when tracing is on */
function start(): Provider {
  const { NodeTracerProvider, BatchSpanProcessor } = require("@opentelemetry/sdk-trace-node") as typeof import("@opentelemetry/sdk-trace-node");
  const { OTLPTraceExporter } = require("@opentelemetry/exporter-trace-otlp-http") as typeof import("@opentelemetry/exporter-trace-otlp-http");
  const { resourceFromAttributes } = require("@opentelemetry/resources") as typeof import("@opentelemetry/resources");
  const { ATTR_SERVICE_NAME } = require("@opentelemetry/semantic-conventions") as typeof import("@opentelemetry/semantic-conventions");
  const { registerInstrumentations } = require("@opentelemetry/instrumentation") as typeof import("@opentelemetry/instrumentation");
  const { HttpInstrumentation } = require("@opentelemetry/instrumentation-http") as typeof import("@opentelemetry/instrumentation-http");
  const tracer = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? process.env.SERVICE_NAME ?? "yrd" }),
    // The exporter reads OTEL_EXPORTER_OTLP_* (endpoint, headers, timeout) itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  tracer.register();
  registerInstrumentations({
    tracerProvider: tracer,
    // Probes and scrapes would drown the traces that matter.
    instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(metrics|healthz|readyz|healthcheck|readiness)\b/.test(req.url ?? "") })],
  });
  return tracer;
}
/* eslint-enable @typescript-eslint/no-require-imports */

if (enabled()) provider = start();

export const tracingEnabled = (): boolean => provider !== undefined;

/** Sends the spans still buffered; called on shutdown. */
export async function shutdownTracing(): Promise<void> {
  await provider?.shutdown().catch(() => undefined);
}
