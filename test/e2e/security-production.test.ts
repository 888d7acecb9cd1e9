import { resetConfig } from "../../src/platform/config";
import { post, startTestPlatform, tokenFor, type GraphQLResponse, type TestPlatform } from "../support/platform";
import { certificationBody, IMPORT_INSTITUTIONS } from "../support/fixtures";

/** NODE_ENV=production: no introspection, no field suggestions, no GraphiQL, and contract codes still reach the client. */
let t: TestPlatform;
const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);

beforeAll(async () => {
  process.env.NODE_ENV = "production";
  process.env.AUTH_JWT_SECRET = "production-test-secret";
  resetConfig();
  t = await startTestPlatform(["registry", "certification"]);
});
afterAll(async () => {
  await t?.stop();
  process.env.NODE_ENV = "test";
  resetConfig();
});

it("refuses introspection at the gateway and at the subgraphs", async () => {
  const gateway = await t.query(`{ __schema { types { name } } }`);
  expect(gateway.data?.__schema).toBeUndefined();
  expect([...new Set(codes(gateway))]).toEqual(["BAD_USER_INPUT"]);
  expect(JSON.stringify(gateway.errors)).toMatch(/introspection/i);
  const type = await t.query(`{ __type(name: "Certificate") { fields { name } } }`);
  expect([type.data?.__type, [...new Set(codes(type))]]).toEqual([undefined, ["BAD_USER_INPUT"]]);
  const subgraph = await post(t.platform.subgraphs.registry!.url, { query: `{ __schema { types { name } } }` }, { "apollo-require-preflight": "1" });
  expect(subgraph.errors?.length).toBeGreaterThan(0);
  expect((subgraph as { data?: { __schema?: unknown } }).data?.__schema).toBeUndefined();
});

it("gives no field suggestions", async () => {
  const response = await t.query(`{ certificat(id: "1") { id } }`);
  expect(codes(response)).toEqual(["BAD_USER_INPUT"]);
  expect(JSON.stringify(response.errors)).not.toMatch(/Did you mean/i);
});

it("serves no GraphiQL page", async () => {
  const response = await fetch(t.gatewayUrl, { headers: { accept: "text/html" } });
  expect(await response.text()).not.toMatch(/graphiql/i);
});

it("keeps FORBIDDEN and UNAUTHENTICATED through the gateway's error masking", async () => {
  expect(codes(await t.query(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-P", "AH")] }))).toEqual(["FORBIDDEN"]);
  const partner = await t.query(IMPORT_INSTITUTIONS, { records: [] }, tokenFor({ sub: "p", role: "partner" }));
  expect(codes(partner)).toEqual(["FORBIDDEN"]);
  const forged = await t.query(`{ provinces { code } }`, undefined, "not-a-jwt");
  expect([forged.status, codes(forged)]).toEqual([401, ["UNAUTHENTICATED"]]);
  expect(codes(await t.query(`{ certificates(first: 1000) { totalCount } }`))).toEqual(["LIMIT_EXCEEDED"]);
  const invalid = await t.query(`query($id: ID!) { certificate(id: $id) { id } }`, { id: { nested: true } });
  expect(codes(invalid)).toEqual(["BAD_USER_INPUT"]);
  expect(JSON.stringify(invalid)).not.toMatch(/stacktrace|\n\s+at /);
});
