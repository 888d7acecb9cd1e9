import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";
import { ADMIN, post, tokenFor } from "../support/platform";
import { waitFor } from "../support/processes";
import { PARTNER, SUBSCRIBE } from "../e2e/feed-client";
import { runLoad } from "./load";
import { startGateway, startSubgraph, stopAll, waitGateway, waitReady, type GatewayProcess, type SubgraphProcess } from "./ops-support";

let db: TestDatabase;
const processes: { service: SubgraphProcess["service"] }[] = [];
let registry: SubgraphProcess;
let certification: SubgraphProcess;
let feed: SubgraphProcess;
let gateway: GatewayProcess;
const uscc = makeUscc("340104", "MA1QPLMT3");
const admin = { authorization: `Bearer ${tokenFor(ADMIN)}` };
const base = (s: SubgraphProcess) => s.url.replace(/\/graphql$/, "");
const exited = (p: { service: SubgraphProcess["service"] }) =>
  new Promise<number | null>((resolve) => (p.service.child.exitCode !== null ? resolve(p.service.child.exitCode) : p.service.child.once("exit", (code) => resolve(code))));

/** A subscriber straight on a graphql-ws endpoint; resolves with the close code when the server closes it. */
function subscribeUntilClosed(url: string): { connected: Promise<void>; closed: Promise<number> } {
  let connected!: () => void;
  let closed!: (code: number) => void;
  const result = { connected: new Promise<void>((r) => (connected = r)), closed: new Promise<number>((r) => (closed = r)) };
  const client = createClient({
    url: url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${tokenFor(PARTNER)}` },
    retryAttempts: 0,
    // Kept open even when its one subscription ends, so the close code seen is the server's.
    lazy: false,
    on: { connected: () => connected(), closed: (event) => closed((event as { code: number }).code) },
  });
  client.subscribe({ query: SUBSCRIBE }, { next: () => {}, error: () => {}, complete: () => {} });
  return result;
}

beforeAll(async () => {
  db = await createTestDatabase();
  registry = await startSubgraph("registry", db.url);
  // As deployed behind a load balancer: after SIGTERM, /readyz is 503 for a while before the listener closes.
  certification = await startSubgraph("certification", db.url, { SHUTDOWN_DELAY_MS: "1000" });
  feed = await startSubgraph("feed", db.url);
  // Certification's schema provides standard titles, so the supergraph composes only with the standards subgraph.
  const standards = await startSubgraph("standards", db.url);
  processes.push(registry, certification, feed, standards);
  await Promise.all([registry, certification, feed, standards].map((s) => waitReady(base(s), s.name)));
  gateway = await startGateway([registry, certification, feed, standards], { SHUTDOWN_DELAY_MS: "1000" });
  processes.push(gateway);
  await waitGateway(gateway);
  await post(gateway.url, { query: IMPORT_ENTERPRISES, variables: { records: [{ uscc, name: "合肥韧性测试有限公司" }] } }, admin);
  await post(gateway.url, { query: IMPORT_INSTITUTIONS, variables: { records: [certificationBody("CB-AH", "AH")] } }, admin);
  const records = Array.from({ length: 20 }, (_, i) => certificate({ number: `GRACE-${i}`, issuerId: "CB-AH", holderUscc: uscc }));
  expect((await post(gateway.url, { query: IMPORT_CERTIFICATES, variables: { records } }, admin)).data?.importCertificates.accepted).toBe(20);
}, 90_000);

afterAll(async () => {
  await stopAll(processes.map((p) => p.service));
  await db?.drop();
});

const SPANNING = `{ certificatesByNumber(number: "GRACE-1") { number } enterprise(uscc: "${uscc}") { name } }`;

it("answers with the other subgraphs' data and an error while a subgraph is killed, and recovers when it returns", async () => {
  expect((await post(gateway.url, { query: SPANNING })).data?.enterprise).toEqual({ name: "合肥韧性测试有限公司" });
  registry.service.child.kill("SIGKILL");
  await exited(registry);

  const partial = await post(gateway.url, { query: SPANNING });
  expect(partial.status).toBe(200);
  expect(partial.data?.certificatesByNumber).toHaveLength(1);
  expect(partial.data?.enterprise).toBeNull();
  expect(partial.errors?.length).toBeGreaterThan(0);
  expect(partial.errors![0]!.path).toEqual(["enterprise"]);

  // The same service comes back on its port; the gateway, never restarted, uses it again.
  registry = await startSubgraph("registry", db.url, {}, registry.port);
  processes.push(registry);
  const recovered = await waitFor(async () => {
    const response = await post(gateway.url, { query: SPANNING });
    return response.errors === undefined && response.data?.enterprise ? response : undefined;
  }, 30_000, "the gateway to use the restarted registry");
  expect(recovered.data?.certificatesByNumber).toHaveLength(1);
}, 45_000);

it("drains a subgraph's in-flight requests on SIGTERM, closes its subscriptions with 1012 and exits cleanly", async () => {
  const subscriber = subscribeUntilClosed(feed.url);
  await subscriber.connected;
  const load = runLoad(certification.url, `{ certificatesByNumber(number: "GRACE-2") { number scope issuedOn } }`, 12);
  await new Promise((resolve) => setTimeout(resolve, 800));
  load.mark();
  certification.service.child.kill("SIGTERM");
  feed.service.child.kill("SIGTERM");
  expect(await exited(certification)).toBe(0);
  const result = await load.stop();
  expect(result.lost).toEqual([]);
  expect(result.ok).toBeGreaterThan(20);
  expect(result.spanningMark).toBeGreaterThan(0);
  expect(await subscriber.closed).toBe(1012);
  expect(await exited(feed)).toBe(0);
  expect(certification.service.output()).toContain("stopped cleanly");
}, 30_000);

it("drains the gateway's in-flight requests on SIGTERM: none lost, /readyz turns 503 first", async () => {
  const subscriber = subscribeUntilClosed(gateway.url);
  await subscriber.connected;
  // registry is back; certification is stopped, so the load asks registry only.
  const load = runLoad(gateway.url, `{ enterprise(uscc: "${uscc}") { name uscc } provinces { code name } }`, 12);
  await new Promise((resolve) => setTimeout(resolve, 800));
  load.mark();
  gateway.service.child.kill("SIGTERM");
  await waitFor(async () => ((await fetch(`${gateway.base}/readyz`)).status === 503 ? true : undefined), 900, "/readyz to turn 503");
  expect(await exited(gateway)).toBe(0);
  const result = await load.stop();
  expect(result.lost).toEqual([]);
  expect(result.ok).toBeGreaterThan(20);
  expect(result.spanningMark).toBeGreaterThan(0);
  expect(gateway.service.output()).toContain("draining");
  expect(await subscriber.closed).toBe(1012);
}, 30_000);
