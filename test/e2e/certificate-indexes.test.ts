import pg from "pg";
import { genericPlan } from "../../src/platform/database/generic-plan";
import { statementsOf } from "../../src/platform/database/statement-counter";
import { ADMIN, startTestPlatform, type TestPlatform } from "../support/platform";
import { certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";

/**
 * The certificate table's indexes, as the reads use them. The test table is small, so sequential scans
 * are switched off: what is asserted is that an index exists that the statement, as the service writes
 * it, can use (its expression and collation match), not the planner's choice on ten rows.
 */
let t: TestPlatform;
let client: pg.Client;
const HZ = makeUscc("330106", "MA27X0101");

beforeAll(async () => {
  t = await startTestPlatform();
  client = new pg.Client({ connectionString: t.db.url });
  await client.connect();
  await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州西湖照明电器有限公司" }] }, ADMIN);
  await t.ok(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-ZJ", "ZJ"), certificationBody("CB-SH", "SH")] }, ADMIN);
  const records = [
    certificate({ number: "IDX-1", holderUscc: HZ, scope: "ＬＥＤ灯具的设计和生产" }),
    certificate({ number: "IDX-2", holderUscc: HZ, scope: "Äußere Beleuchtung" }),
    certificate({ number: "IDX-1", holderUscc: HZ, issuerId: "CB-SH" }),
  ];
  expect((await t.ok(IMPORT_CERTIFICATES, { records }, ADMIN)).importCertificates).toEqual({ accepted: 3, rejected: [] });
});
afterAll(async () => {
  await client?.end();
  await t?.stop();
});

/** The plans, with sequential scans off, of the statements on certification.certificate that `request` sends. */
async function plansOf(request: () => Promise<unknown>): Promise<string[]> {
  const { statements } = await statementsOf(request);
  const plans: string[] = [];
  await client.query("begin");
  try {
    await client.query("set local enable_seqscan = off");
    await client.query("set local plan_cache_mode = force_generic_plan");
    for (const sql of statements.filter((s) => /from certification\.certificate\b/.test(s))) {
      plans.push(await genericPlan(client, sql));
    }
  } finally {
    await client.query("rollback");
  }
  return plans;
}

const numbers = (data: Record<string, any>): string[] => data.certificates.edges.map((e: { node: { number: string } }) => e.node.number).sort();

describe("certificate indexes", () => {
  it("searches through the trigram index, folding the case of full-width and accented letters", async () => {
    const search = (text: string) => t.ok(`query($s: String) { certificates(filter: { search: $s }) { edges { node { number } } } }`, { s: text }, ADMIN);
    expect(numbers(await search("ｌｅｄ灯具"))).toEqual(["IDX-1"]);
    expect(numbers(await search("ÄUSSERE"))).toEqual([]);
    expect(numbers(await search("äußere"))).toEqual(["IDX-2"]);
    expect(numbers(await search("idx-"))).toEqual(["IDX-1", "IDX-1", "IDX-2"]);
    const plans = await plansOf(() => search("灯具"));
    expect(plans).toHaveLength(1);
    expect(plans[0]).toContain("certificate_search_idx");
  });

  it("finds a number through the (number, issuer) key, both issuers' certificates of that number", async () => {
    const lookup = () => t.ok(`{ certificatesByNumber(number: "IDX-1") { number issuer { id } } }`, {}, ADMIN);
    const found = (await lookup()).certificatesByNumber.map((c: { issuer: { id: string } }) => c.issuer.id).sort();
    expect(found).toEqual(["CB-SH", "CB-ZJ"]);
    const plans = await plansOf(lookup);
    expect(plans[0]).toContain("certificate_number_issuer_key");
  });

  it("pages an issuer's certificates through (issuer_id, id) in id order, without sorting", async () => {
    const page = () => t.ok(`{ certificates(filter: { issuerId: "CB-SH" }, first: 10) { edges { node { number } } } }`, {}, ADMIN);
    expect(numbers(await page())).toEqual(["IDX-1"]);
    const [plan] = await plansOf(page);
    expect(plan).toContain("certificate_issuer_idx");
    expect(plan).not.toMatch(/\bSort\b/);
  });

  it("compares its own codes byte by byte; registry's keys and the texts by the database's collation", async () => {
    const { rows } = await client.query(
      `select column_name, coalesce(collation_name, 'default') as collation from information_schema.columns
        where table_schema = 'certification' and table_name = 'certificate' and data_type = 'text' order by column_name`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.column_name, r.collation]))).toEqual({
      created_by: "default", holder_name: "default", holder_uscc: "default", issuer_id: "default", kind: "C", number: "C", province: "C", scheme: "default", scope: "default", status: "C",
    });
  });

  it("joins certificates with registry's enterprises and institutions through registry's keys", async () => {
    await client.query("begin");
    try {
      await client.query("set local enable_seqscan = off");
      const { rows } = await client.query(
        `explain select e.name, i.name from certification.certificate c
           join registry.enterprise e on e.uscc = c.holder_uscc join registry.institution i on i.id = c.issuer_id
          where c.number = 'IDX-1'`,
      );
      const plan = rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
      expect(plan).toContain("enterprise_pkey");
      expect(plan).toContain("institution_pkey");
    } finally {
      await client.query("rollback");
    }
  });
});
