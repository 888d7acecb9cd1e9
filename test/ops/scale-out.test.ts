import { createTestDatabase, type TestDatabase } from "../support/database";
import { certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";
import { ADMIN, post, tokenFor } from "../support/platform";
import { PARTNER, subscribe, type Subscriber } from "../e2e/feed-client";
import { metricValue, startReadyGateway, startSubgraph, stopAll, waitReady, type GatewayProcess, type SubgraphProcess } from "./ops-support";

let db: TestDatabase;
let subgraphs: SubgraphProcess[] = [];
let gateways: GatewayProcess[] = [];
const subscribers: Subscriber[] = [];
const admin = { authorization: `Bearer ${tokenFor(ADMIN)}` };

/**
 * Two of everything that carries traffic, as separate processes on one database: certification and
 * feed run twice, and each gateway talks to its own instance of them (registry is shared).
 */
beforeAll(async () => {
  db = await createTestDatabase();
  const registry = await startSubgraph("registry", db.url);
  const certification = [await startSubgraph("certification", db.url), await startSubgraph("certification", db.url)];
  const feed = [await startSubgraph("feed", db.url), await startSubgraph("feed", db.url)];
  // Certification's schema provides standard titles, so the supergraph composes only with the standards subgraph.
  const standards = await startSubgraph("standards", db.url);
  subgraphs = [registry, ...certification, ...feed, standards];
  await Promise.all(subgraphs.map((s) => waitReady(s.url.replace(/\/graphql$/, ""), `${s.name} on ${s.port}`)));
  gateways = await Promise.all([startReadyGateway([registry, standards, certification[0]!, feed[0]!]), startReadyGateway([registry, standards, certification[1]!, feed[1]!])]);
}, 90_000);

afterAll(async () => {
  await Promise.all(subscribers.map((s) => s.close()));
  await stopAll([...gateways, ...subgraphs].map((p) => p.service));
  await db?.drop();
});

it("serves writes and reads through either gateway, and each gateway's subscribers get every event", async () => {
  const [a, b] = gateways as [GatewayProcess, GatewayProcess];
  subscribers.push(subscribe(a.url), subscribe(b.url));
  // A subscription is live once its first (empty) poll of the outbox has happened; give both a moment.
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const uscc = makeUscc("320102", "MA1QPLMT9");
  expect((await post(a.url, { query: IMPORT_ENTERPRISES, variables: { records: [{ uscc, name: "南京扩展测试有限公司" }] } }, admin)).data?.importEnterprises.accepted).toBe(1);
  expect((await post(b.url, { query: IMPORT_INSTITUTIONS, variables: { records: [certificationBody("CB-JS", "JS")] } }, admin)).data?.importInstitutions.accepted).toBe(1);
  for (let i = 0; i < 6; i++) {
    const through = i % 2 ? a : b;
    const imported = await post(through.url, { query: IMPORT_CERTIFICATES, variables: { records: [certificate({ number: `SCALE-${i}`, issuerId: "CB-JS", holderUscc: uscc })] } }, admin);
    expect(imported.data?.importCertificates).toEqual({ accepted: 1, rejected: [] });
  }
  // What one gateway wrote, the other reads (nothing is held in a process).
  for (const gateway of gateways) {
    const read = await post(gateway.url, { query: `{ certificatesByNumber(number: "SCALE-3") { number holder { name } } }` });
    expect(read.data).toEqual({ certificatesByNumber: [{ number: "SCALE-3", holder: { name: "南京扩展测试有限公司" } }] });
  }

  const polled = await post(a.url, { query: `{ changes(first: 100) { edges { cursor } } }` }, { authorization: `Bearer ${tokenFor(PARTNER)}` });
  const cursors = (polled.data?.changes.edges as { cursor: string }[]).map((e) => e.cursor);
  expect(cursors.length).toBeGreaterThanOrEqual(8);
  for (const subscriber of subscribers) {
    await subscriber.waitFor(cursors.length, 20_000);
    expect(subscriber.events.map((e) => e.cursor)).toEqual(cursors);
  }
}, 60_000);

it("carries the request id from the gateway to the subgraphs, and generates one when absent", async () => {
  const [a] = gateways as [GatewayProcess];
  const given = await fetch(a.url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-request-id": "ops-trace-4711" },
    // The issuer's kind is the registry's alone (certification provides names and accreditations): the query spans two subgraphs.
    body: JSON.stringify({ query: `{ certificatesByNumber(number: "SCALE-1") { number holder { name } issuer { kind } } }` }),
  });
  expect(given.headers.get("x-request-id")).toBe("ops-trace-4711");
  expect((await given.json()).data.certificatesByNumber).toHaveLength(1);
  const generated = await fetch(a.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ provinces { code } }" }) });
  expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

  // The gateway's access log and both subgraphs it called log the same id, as JSON.
  const lines = (output: string) => output.split("\n").filter((l) => l.includes("ops-trace-4711")).map((l) => JSON.parse(l) as Record<string, unknown>);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(lines(a.service.output()).some((l) => l.msg === "request" && l.status === 200)).toBe(true);
  const [registry, certification] = subgraphs;
  expect(lines(certification!.service.output()).some((l) => l.msg === "graphql request" && l.subgraph === "certification")).toBe(true);
  expect(lines(registry!.service.output()).some((l) => l.msg === "graphql request" && l.subgraph === "registry")).toBe(true);
});

it("exposes /metrics, /healthz and /readyz on the gateway and on every subgraph", async () => {
  const [a] = gateways as [GatewayProcess];
  expect((await fetch(`${a.base}/healthz`)).status).toBe(200);
  expect(await (await fetch(`${a.base}/readyz`)).json()).toEqual({ status: "ready" });
  const gatewayMetrics = await (await fetch(`${a.base}/metrics`)).text();
  expect(metricValue(gatewayMetrics, "yrd_graphql_requests_total", { subgraph: "gateway", type: "mutation" })).toBeGreaterThan(0);
  expect(metricValue(gatewayMetrics, "yrd_http_responses_total", { status: "200" })).toBeGreaterThan(0);

  const certification = subgraphs[1]!;
  const base = certification.url.replace(/\/graphql$/, "");
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  const text = await (await fetch(`${base}/metrics`)).text();
  expect(metricValue(text, "yrd_graphql_requests_total", { subgraph: "certification" })).toBeGreaterThan(0);
  expect(metricValue(text, "yrd_graphql_request_duration_seconds_count", { subgraph: "certification" })).toBeGreaterThan(0);
  expect(metricValue(text, "yrd_sql_statements_total")).toBeGreaterThan(0);
  expect(metricValue(text, "yrd_db_pool_connections", { target: "primary", state: "max" })).toBe(10);
  // Issuers are resolved by registry's batched __resolveReference.
  const registry = await (await fetch(`${subgraphs[0]!.url.replace(/\/graphql$/, "")}/metrics`)).text();
  expect(metricValue(registry, "yrd_dataloader_batch_size_count")).toBeGreaterThan(0);
  const feed = await (await fetch(`${subgraphs[3]!.url.replace(/\/graphql$/, "")}/metrics`)).text();
  expect(feed).toContain("yrd_feed_subscribers");
});
