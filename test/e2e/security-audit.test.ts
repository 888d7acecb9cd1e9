import { createClient } from "graphql-ws";
import pg from "pg";
import WebSocket from "ws";
import { ProvinceCode } from "../../src/platform/province";
import { readAudit } from "../../src/platform/security/audit";
import { formatAuditLine } from "../../src/cli/audit";
import { ADMIN, startTestPlatform, tokenFor, type TestPlatform } from "../support/platform";
import { certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";

/** Every mutation and every regulator query leaves one row per subgraph that ran it; the table is append-only. */
let t: TestPlatform;
const start = new Date(Date.now() - 1000);
const HZ = makeUscc("330106", "MA27X0001");
const REGULATOR = { sub: "reg-sh-audit", role: "regulator" as const, province: ProvinceCode.SH };
const entries = (actor?: string) => readAudit(t.db.orm.em.fork(), { since: start, actor });

beforeAll(async () => {
  t = await startTestPlatform(["registry", "certification"]);
});
afterAll(async () => {
  await t?.stop();
});

describe("the audit log", () => {
  it("records a mutation with who, what, which subjects and how it ended", async () => {
    await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州测试电子有限公司" }] }, ADMIN);
    const [entry] = (await entries("admin-1")).filter((e) => e.rootFields.includes("importEnterprises"));
    expect(entry).toMatchObject({
      subgraph: "registry", actorSub: "admin-1", actorRole: "admin", operationType: "mutation", outcome: "OK",
      subjects: { importEnterprises: { records: { count: 1, keys: [HZ] } } },
    });
    expect(Date.parse(entry!.at!)).toBeGreaterThanOrEqual(start.getTime());
  });

  it("records refused mutations too, with their code", async () => {
    const partner = { sub: "partner-audit", role: "partner" as const };
    await t.query(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-X", "AH")] }, partner);
    const [entry] = await entries("partner-audit");
    expect(entry).toMatchObject({ actorRole: "partner", operationType: "mutation", rootFields: ["importInstitutions"], outcome: "FORBIDDEN" });
    expect(entry!.subjects).toEqual({ importInstitutions: { records: { count: 1, keys: ["CB-X"] } } });
  });

  it("records every regulator query with its province, and no public or partner query", async () => {
    await t.ok(`query Search($p: [ProvinceCode!]) { certificates(filter: { provinces: $p }, first: 5) { totalCount } }`, { p: ["SH"] }, REGULATOR);
    await t.ok(`{ provinces { code } }`);
    await t.ok(`{ provinces { code } }`, undefined, { sub: "partner-q", role: "partner" });
    const regulator = await entries("reg-sh-audit");
    expect(regulator).toHaveLength(1);
    expect(regulator[0]).toMatchObject({ actorRole: "regulator", actorScope: "SH", operationType: "query", rootFields: ["certificates"], subgraph: "certification" });
    expect(regulator[0]!.subjects).toEqual({ certificates: { filter: { provinces: ["SH"] }, first: 5 } });
    expect(await entries("partner-q")).toEqual([]);
    expect((await entries()).filter((e) => e.actorRole === "public")).toEqual([]);
  });

  it("ties the rows of one client request across subgraphs by request id and operation name", async () => {
    const regulator = { sub: "reg-zj-audit", role: "regulator" as const, province: ProvinceCode.ZJ };
    await t.ok(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-ZJ", "ZJ")] }, ADMIN);
    await t.ok(IMPORT_CERTIFICATES, { records: [certificate({ holderUscc: HZ })] }, ADMIN);
    // Holder names come with the certificates (certification provides them); an issuer's kind takes the registry.
    await t.ok(`query Holders { certificates(first: 5) { edges { node { holder { name } issuer { kind } } } } }`, undefined, regulator);
    const rows = await entries("reg-zj-audit");
    expect(rows.map((r) => [r.subgraph, r.operationName, r.rootFields])).toEqual([["certification", "Holders", ["certificates"]], ["registry", "Holders", ["_entities"]]]);
    expect(rows[0]!.requestId).toBe(rows[1]!.requestId);
    expect(rows[1]!.subjects).toEqual({ _entities: { representations: { count: 1, keys: ["CB-ZJ"] } } });
  });

  it("is append-only: UPDATE, DELETE and TRUNCATE fail, even for the table's owner", async () => {
    const em = t.db.orm.em.fork();
    const before = (await entries()).length;
    expect(before).toBeGreaterThan(0);
    await expect(em.execute(`update audit.entry set actor_sub = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(em.execute(`delete from audit.entry`)).rejects.toThrow(/append-only/);
    await expect(em.execute(`truncate audit.entry`)).rejects.toThrow(/append-only/);
    expect((await entries()).length).toBe(before);
    expect((await entries()).some((e) => e.actorSub === "someone else")).toBe(false);
  });

  it("prints one line per entry for npm run audit", async () => {
    const [entry] = await entries("reg-sh-audit");
    const line = formatAuditLine(entry!);
    expect(line.split("\t")).toEqual([entry!.at, "regulator:reg-sh-audit(SH)", expect.stringMatching(/^query \S+ \[certificates\]@certification$/), expect.stringContaining('"provinces":["SH"]'), "OK", expect.any(String)]);
  });
});

/**
 * In the one-process start the subgraph hands its audit write to the gateway, which builds its answer
 * meanwhile (src/gateway/answer-after-writes.ts): the answer must still leave only once the row is
 * written. The table is locked against inserts; the answer must wait for the lock, over either transport.
 */
describe("the answer to an audited operation", () => {
  const QUERY = `query Held { certificates(filter: { provinces: [SH] }, first: 1) { totalCount } }`;

  async function heldUntilWritten(actor: string, send: () => Promise<unknown>): Promise<void> {
    const lock = new pg.Client({ connectionString: t.db.url });
    await lock.connect();
    try {
      await lock.query("begin");
      await lock.query("lock table audit.entry in share mode");
      let answered = false;
      const answer = send().then((result) => {
        answered = true;
        return result;
      });
      // The subgraph has run the operation once its row waits for the lock.
      for (let waited = 0; ; waited += 20) {
        const { rows } = await lock.query(`select count(*)::int as n from pg_locks where relation = 'audit.entry'::regclass and not granted`);
        if (rows[0].n > 0) break;
        if (waited > 10_000) throw new Error("the audit row never waited for the lock");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBe(false);
      await lock.query("commit");
      expect(await answer).toMatchObject({ certificates: { totalCount: expect.any(Number) } });
      expect(await entries(actor)).toEqual([expect.objectContaining({ operationName: "Held", outcome: "OK" })]);
    } finally {
      await lock.end();
    }
  }

  it("over HTTP leaves only once its audit row is written", async () => {
    const regulator = { sub: "reg-held-http", role: "regulator" as const, province: ProvinceCode.SH };
    await heldUntilWritten("reg-held-http", () => t.ok(QUERY, undefined, regulator));
  });

  it("over graphql-ws leaves only once its audit row is written", async () => {
    const regulator = { sub: "reg-held-ws", role: "regulator" as const, province: ProvinceCode.SH };
    const client = createClient({
      url: t.gatewayUrl.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${tokenFor(regulator)}` },
      retryAttempts: 0,
    });
    try {
      await heldUntilWritten("reg-held-ws", () =>
        new Promise((resolve, reject) => {
          let data: unknown;
          client.subscribe({ query: QUERY }, {
            next: (result) => (result.errors ? reject(new Error(JSON.stringify(result.errors))) : (data = result.data)),
            error: reject,
            complete: () => resolve(data),
          });
        }),
      );
    } finally {
      await client.dispose();
    }
  });
});
