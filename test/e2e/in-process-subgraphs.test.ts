import { readAudit } from "../../src/platform/security/audit";
import { startPlatform, type RunningPlatform } from "../../src/start-platform";
import { createSubgraphs, federationOf } from "../../src/subgraphs/catalog";
import { ADMIN, post, tokenFor } from "../support/platform";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";

// The one-process start runs its subgraphs' queries in process; the split deployment calls them over
// HTTP. Both must be the same federation to a caller: same answers, same errors, same audit trail.
// So must the two query planners (GATEWAY_QUERY_PLANNER): Hive Router's, the default, and stitching,
// and the two ways a subgraph executes (SUBGRAPH_EXECUTOR): compiled by graphql-jit, the default, or
// interpreted by graphql-js.
let db: TestDatabase;
let inProcess: RunningPlatform;
let overHttp: RunningPlatform;
let stitching: RunningPlatform;
let interpreted: RunningPlatform;
const SUBGRAPHS = ["registry", "certification"];
const HZ = makeUscc("330106", "MA27X0101");
const REGULATOR_ZJ = { sub: "reg-zj-inproc", role: "regulator" as const, province: "ZJ" as never };
const SEARCH = `query Search { certificates(filter: { provinces: [ZJ] }, first: 10) {
  edges { node { number status holder { uscc name certificates { edges { node { number } } } } issuer { id name kind accreditations { scheme number } } } } } }`;

const call = (platform: RunningPlatform, query: string, variables: Record<string, unknown>, claims?: Parameters<typeof tokenFor>[0], headers: Record<string, string> = {}) =>
  post(platform.gateway.url, { query, variables }, { ...headers, ...(claims ? { authorization: `Bearer ${tokenFor(claims)}` } : {}) });

beforeAll(async () => {
  db = await createTestDatabase();
  inProcess = await startPlatform(db.orm, createSubgraphs(federationOf(SUBGRAPHS)), { port: 0, host: "127.0.0.1", inProcess: true });
  overHttp = await startPlatform(db.orm, createSubgraphs(federationOf(SUBGRAPHS)), { port: 0, host: "127.0.0.1", inProcess: false });
  stitching = await startPlatform(db.orm, createSubgraphs(federationOf(SUBGRAPHS)), { port: 0, host: "127.0.0.1", inProcess: true, queryPlanner: "stitching" });
  interpreted = await startPlatform(db.orm, createSubgraphs(federationOf(SUBGRAPHS)), { port: 0, host: "127.0.0.1", inProcess: true, subgraphExecutor: "graphql-js" });
  await call(inProcess, IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州进程内科技有限公司" }] }, ADMIN);
  await call(inProcess, IMPORT_INSTITUTIONS, { records: [certificationBody("CB-ZJ-IP", "ZJ")] }, ADMIN);
});
afterAll(async () => {
  await inProcess?.stop();
  await overHttp?.stop();
  await stitching?.stop();
  await interpreted?.stop();
  await db?.drop();
});

describe("the gateway's subgraph calls, in process and over HTTP, with either query planner and either executor", () => {
  it("answer a query across subgraphs identically, with the caller's identity forwarded", async () => {
    const imported = await call(inProcess, IMPORT_CERTIFICATES, { records: [certificate({ number: "ZJ-IP-1", holderUscc: HZ, issuerId: "CB-ZJ-IP" })] }, ADMIN);
    expect(imported.data?.importCertificates).toEqual({ accepted: 1, rejected: [] });
    const [a, b] = [await call(inProcess, SEARCH, {}, REGULATOR_ZJ), await call(overHttp, SEARCH, {}, REGULATOR_ZJ)];
    expect(a.errors).toBeUndefined();
    expect(a.data?.certificates.edges).toEqual([
      { node: { number: "ZJ-IP-1", status: "ACTIVE", holder: { uscc: HZ, name: "杭州进程内科技有限公司", certificates: { edges: [{ node: { number: "ZJ-IP-1" } }] } }, issuer: { id: "CB-ZJ-IP", name: expect.any(String), kind: "CERTIFICATION_BODY", accreditations: expect.any(Array) } } },
    ]);
    expect(b).toEqual(a);
    expect(await call(stitching, SEARCH, {}, REGULATOR_ZJ)).toEqual(a);
    expect(await call(interpreted, SEARCH, {}, REGULATOR_ZJ)).toEqual(a);
  });

  it("refuse what the subgraph refuses, with the same contract codes", async () => {
    const enterprise = { sub: "ent-1", role: "enterprise" as const, uscc: HZ };
    const records = [certificate({ number: "ZJ-IP-NO", holderUscc: HZ, issuerId: "CB-ZJ-IP" })];
    const [a, b, c, d] = [
      await call(inProcess, IMPORT_CERTIFICATES, { records }, enterprise),
      await call(overHttp, IMPORT_CERTIFICATES, { records }, enterprise),
      await call(stitching, IMPORT_CERTIFICATES, { records }, enterprise),
      await call(interpreted, IMPORT_CERTIFICATES, { records }, enterprise),
    ];
    expect(a.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    for (const other of [b, c, d]) {
      expect(other.errors?.map((e) => [e.message, e.extensions?.code])).toEqual(a.errors?.map((e) => [e.message, e.extensions?.code]));
      expect(other.data).toEqual(a.data);
    }
  });

  it("leave the same audit rows, under the caller's request id, in every subgraph the query touched", async () => {
    const since = new Date(Date.now() - 1000);
    const platforms = [[inProcess, "req-inproc-1"], [overHttp, "req-http-1"], [stitching, "req-stitching-1"], [interpreted, "req-interpreted-1"]] as const;
    for (const [platform, requestId] of platforms) {
      expect((await call(platform, SEARCH, {}, REGULATOR_ZJ, { "x-request-id": requestId })).errors).toBeUndefined();
    }
    const audit = (await readAudit(db.orm.em.fork(), { since, actor: REGULATOR_ZJ.sub })).map((e) => [e.requestId, e.subgraph, e.operationType, e.operationName, e.outcome]);
    const of = (requestId: string) => audit.filter(([id]) => id === requestId).map(([, ...rest]) => rest).sort();
    // Each subgraph's row names the client's operation, whichever planner named (or did not name) its fetch.
    expect(of("req-inproc-1")).toEqual([["certification", "query", "Search", "OK"], ["registry", "query", "Search", "OK"]]);
    expect(of("req-http-1")).toEqual(of("req-inproc-1"));
    expect(of("req-stitching-1")).toEqual(of("req-inproc-1"));
    expect(of("req-interpreted-1")).toEqual(of("req-inproc-1"));
  });

  it("apply @skip and @include alike, compiled or interpreted, on fields, fragments and spreads", async () => {
    const query = `query Conditional($names: Boolean!, $noIssuer: Boolean!) {
      certificates(filter: { provinces: [ZJ] }, first: 5) { edges { node {
        number
        holder { uscc name @include(if: $names) }
        ... on Certificate @skip(if: $noIssuer) { issuer { id ...Names } }
        ...Standards @include(if: $names)
      } } } }
      fragment Names on Institution { name @include(if: $names) accreditations { number } }
      fragment Standards on Certificate { standards { code title } status @skip(if: $noIssuer) }`;
    for (const variables of [{ names: true, noIssuer: false }, { names: false, noIssuer: true }, { names: true, noIssuer: true }]) {
      const [compiled, interpretedAnswer] = [await call(inProcess, query, variables, REGULATOR_ZJ), await call(interpreted, query, variables, REGULATOR_ZJ)];
      expect(compiled.errors).toBeUndefined();
      const node = compiled.data?.certificates.edges[0]?.node;
      expect("name" in node.holder).toBe(variables.names);
      expect("issuer" in node).toBe(!variables.noIssuer);
      expect("standards" in node).toBe(variables.names);
      expect(compiled).toEqual(interpretedAnswer);
      const direct = (platform: RunningPlatform) => post(platform.subgraphs.certification!.url, { query, variables }, { authorization: `Bearer ${tokenFor(REGULATOR_ZJ)}` });
      const [compiledDirect, interpretedDirect] = [await direct(inProcess), await direct(interpreted)];
      expect(compiledDirect.errors).toBeUndefined();
      expect(compiledDirect).toEqual(interpretedDirect);
    }
  });

  it("report a subgraph's errors alike, compiled or interpreted: message, path, locations and code", async () => {
    const direct = (platform: RunningPlatform, query: string, variables?: Record<string, unknown>) =>
      post(platform.subgraphs.certification!.url, { query, variables }, { authorization: `Bearer ${tokenFor(REGULATOR_ZJ)}` });
    const cases: [string, Record<string, unknown>?][] = [
      // A resolver's refusal, under an alias, below a fragment.
      [`query Big { ...Page } fragment Page on Query { big: certificates(first: 100000) { edges { node { number } } } }`],
      // A variable of the wrong type, and a required variable left out.
      [`query Paged($first: Int) { certificates(first: $first) { edges { node { number } } } }`, { first: "ten" }],
      [`query ById($id: ID!) { certificate(id: $id) { number } }`, {}],
    ];
    for (const [query, variables] of cases) {
      const [compiled, interpretedAnswer] = [await direct(inProcess, query, variables), await direct(interpreted, query, variables)];
      expect(compiled.errors?.length).toBeGreaterThan(0);
      expect(compiled).toEqual(interpretedAnswer);
      expect(await call(inProcess, query, variables ?? {}, REGULATOR_ZJ)).toEqual(await call(interpreted, query, variables ?? {}, REGULATOR_ZJ));
    }
  });

  it("answer a mutation with its write time either way (read-your-writes)", async () => {
    for (const [platform, number] of [[inProcess, "ZJ-IP-2"], [overHttp, "ZJ-IP-3"]] as const) {
      const response = await fetch(platform.gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tokenFor(ADMIN)}` },
        body: JSON.stringify({ query: IMPORT_CERTIFICATES, variables: { records: [certificate({ number, holderUscc: HZ, issuerId: "CB-ZJ-IP" })] } }),
      });
      expect(((await response.json()) as { data: { importCertificates: unknown } }).data.importCertificates).toEqual({ accepted: 1, rejected: [] });
      expect(Number(response.headers.get("x-yrd-last-write"))).toBeGreaterThan(Date.now() - 60_000);
    }
  });
});
