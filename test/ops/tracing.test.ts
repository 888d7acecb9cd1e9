import http from "node:http";
import type { AddressInfo } from "node:net";
import { tracingEnabled } from "../../src/platform/observability/tracing";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { post } from "../support/platform";
import { waitFor } from "../support/processes";
import { startGateway, startSubgraph, stopAll, waitGateway, waitReady, type GatewayProcess, type SubgraphProcess } from "./ops-support";

interface OtlpSpan {
  traceId: string;
  name: string;
}
interface OtlpBody {
  resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

let db: TestDatabase;
let collector: http.Server;
const received: { service: string; span: OtlpSpan }[] = [];
let registry: SubgraphProcess;
let gateway: GatewayProcess;

/** A stand-in OTLP/HTTP collector on loopback: it keeps the spans it is sent (JSON encoding). */
beforeAll(async () => {
  collector = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.url === "/v1/traces") {
        for (const resourceSpans of (JSON.parse(body) as OtlpBody).resourceSpans) {
          const service = resourceSpans.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue ?? "?";
          for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) received.push({ service, span });
        }
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`, OTEL_BSP_SCHEDULE_DELAY: "100" };
  db = await createTestDatabase();
  registry = await startSubgraph("registry", db.url, otel);
  await waitReady(`http://127.0.0.1:${registry.port}`, "registry");
  gateway = await startGateway([registry], otel);
  await waitGateway(gateway);
}, 60_000);

afterAll(async () => {
  await stopAll([registry?.service, gateway?.service]);
  await db?.drop();
  await new Promise((resolve) => collector.close(resolve));
});

it("exports one trace spanning the gateway and the subgraph it called, by OTLP", async () => {
  expect((await post(gateway.url, { query: "{ provinces { code } }" })).data?.provinces).toHaveLength(4);
  const trace = await waitFor(async () => {
    const gatewayTraces = new Set(received.filter((r) => r.service === "gateway" && r.span.name.startsWith("POST")).map((r) => r.span.traceId));
    const shared = received.find((r) => r.service === "registry" && gatewayTraces.has(r.span.traceId));
    return shared?.span.traceId;
  }, 15_000, "spans of both services in one trace");
  // The gateway's incoming request, its call to the subgraph, and the subgraph's incoming request.
  expect(received.filter((r) => r.span.traceId === trace).length).toBeGreaterThanOrEqual(3);
});

it("is off, loading nothing, when no OTLP endpoint is configured", () => {
  expect(process.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  expect(tracingEnabled()).toBe(false);
});
