import { freePort } from "../../src/platform/database/embedded-postgres";
import { subgraphNames } from "../../src/subgraphs/catalog";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";
import { ADMIN, post, tokenFor } from "../support/platform";
import { startService, waitFor, type Service } from "../support/processes";

let db: TestDatabase;
const services: Service[] = [];
let gatewayUrl: string;

/** The docker-compose split, as separate local processes: one per subgraph, and the gateway. */
beforeAll(async () => {
  db = await createTestDatabase();
  const urls: string[] = [];
  for (const name of subgraphNames()) {
    const port = await freePort();
    services.push(startService("src/cli/start-subgraph.js", [name], { DATABASE_URL: db.url, PORT: String(port), HOST: "127.0.0.1", SERVICE_NAME: name }));
    urls.push(`${name}=http://127.0.0.1:${port}/graphql`);
  }
  const port = await freePort();
  services.push(startService("src/cli/start-gateway.js", [], { SUBGRAPH_URLS: urls.join(","), PORT: String(port), HOST: "127.0.0.1" }));
  gatewayUrl = `http://127.0.0.1:${port}/graphql`;
  await waitFor(async () => ((await post(gatewayUrl, { query: "{ provinces { code } }" })).data ? true : undefined), 45_000, "the split gateway");
}, 60_000);

afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await db?.drop();
});

it("answers a federated query and a write through the gateway of separate processes", async () => {
  const auth = { authorization: `Bearer ${tokenFor(ADMIN)}` };
  const uscc = makeUscc("310115", "MA1QPLMT1");
  expect((await post(gatewayUrl, { query: IMPORT_ENTERPRISES, variables: { records: [{ uscc, name: "上海浦东测试有限公司" }] } }, auth)).data?.importEnterprises.accepted).toBe(1);
  expect((await post(gatewayUrl, { query: IMPORT_INSTITUTIONS, variables: { records: [certificationBody("CB-SH", "SH")] } }, auth)).data?.importInstitutions.accepted).toBe(1);
  const imported = await post(gatewayUrl, { query: IMPORT_CERTIFICATES, variables: { records: [certificate({ number: "SPLIT-1", issuerId: "CB-SH", holderUscc: uscc })] } }, auth);
  expect(imported.data?.importCertificates).toEqual({ accepted: 1, rejected: [] });
  const data = await post(gatewayUrl, { query: `{ certificatesByNumber(number: "SPLIT-1") { province holder { name } issuer { name accreditations { scheme } } } }` });
  expect(data.data).toEqual({ certificatesByNumber: [{ province: "SH", holder: { name: "上海浦东测试有限公司" }, issuer: { name: "SH 认证机构 CB-SH", accreditations: [{ scheme: "CNCA" }] } }] });
});

it("serves many requests to one subgraph at once without a false listener-leak warning", async () => {
  // Each request in flight to a subgraph listens on its HTTP executor's one disposal signal; past ten at
  // once Node warned of a "memory leak" in the gateway's log (patches/@graphql-tools+executor-http*).
  const gateway = services[services.length - 1]!;
  // Answers of some size, so that they are still being streamed back while the next ones start.
  const query = `{ ${Array.from({ length: 30 }, (_, i) => `c${i}: certificatesByNumber(number: "SPLIT-1") { number scope issuedOn validUntil status kind scheme }`).join(" ")} }`;
  const answers = await Promise.all(Array.from({ length: 80 }, () => post(gatewayUrl, { query })));
  expect(answers.filter((a) => a.data?.c29?.[0]?.number !== "SPLIT-1").map((a) => JSON.stringify(a).slice(0, 300))).toEqual([]);
  expect(gateway.output()).not.toMatch(/MaxListenersExceededWarning/);
});
