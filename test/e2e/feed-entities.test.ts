import { ADMIN, startTestPlatform, type TestPlatform } from "../support/platform";
import { certificationBody, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";
import { calibration, IMPORT_METROLOGY, metrologyInstitute } from "../support/metrology-fixtures";
import { IMPORT_STANDARDS, standardInput } from "../support/standards-fixtures";
import { PARTNER, subscribe } from "./feed-client";

let t: TestPlatform;
const HZ = makeUscc("330106", "MA27XF001");

async function cursorNow(): Promise<string | null> {
  let after: string | null = null;
  for (;;) {
    const data: { changes: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await t.ok(
      `query($after: String) { changes(after: $after) { pageInfo { hasNextPage endCursor } } }`, { after }, PARTNER,
    );
    after = data.changes.pageInfo.endCursor ?? after;
    if (!data.changes.pageInfo.hasNextPage) return after;
  }
}

beforeAll(async () => {
  t = await startTestPlatform(["registry", "certification", "standards", "metrology", "feed"]);
  await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州计量客户有限公司" }] }, ADMIN);
  await t.ok(IMPORT_INSTITUTIONS, { records: [metrologyInstitute("MET-ZJ", "ZJ"), certificationBody("CB-ZJ", "ZJ")] }, ADMIN);
});
afterAll(async () => {
  await t?.stop();
});

describe("feed events of standards and metrology results", () => {
  it("carry their entity, resolved through the supergraph; re-imports emit nothing", async () => {
    const after = await cursorNow();
    const subscriber = subscribe(
      t.gatewayUrl,
      { after, filter: { kinds: ["STANDARD_UPSERTED", "METROLOGY_RESULT_UPSERTED"] } },
      { query: `subscription($after: String, $filter: ChangeFilter) { changes(after: $after, filter: $filter) {
        cursor kind province subjectId certificate { id } standard { code title } metrologyResult { id number owner { name } } } }` },
    );
    const standards = [standardInput("GB/T 19001-2016")];
    const results = [calibration({ number: "CAL-FEED-1", ownerUscc: HZ })];
    expect((await t.ok(IMPORT_STANDARDS, { records: standards }, ADMIN)).importStandards.accepted).toBe(1);
    expect((await t.ok(IMPORT_METROLOGY, { records: results }, ADMIN)).importMetrologyResults.accepted).toBe(1);
    const [standard, result] = await subscriber.waitFor(2);
    expect(standard).toMatchObject({ kind: "STANDARD_UPSERTED", subjectId: "GB/T 19001-2016", certificate: null, metrologyResult: null, standard: { code: "GB/T 19001-2016", title: "标准 GB/T 19001-2016" } });
    expect(result).toMatchObject({ kind: "METROLOGY_RESULT_UPSERTED", province: "ZJ", standard: null, metrologyResult: { number: "CAL-FEED-1", owner: { name: "杭州计量客户有限公司" } } });
    expect(result!.subjectId).toBe((result!.metrologyResult as { id: string }).id);
    await subscriber.close();

    const last = await cursorNow();
    await t.ok(IMPORT_STANDARDS, { records: standards }, ADMIN);
    await t.ok(IMPORT_METROLOGY, { records: results }, ADMIN);
    await t.ok(IMPORT_INSTITUTIONS, { records: [metrologyInstitute("MET-ZJ", "ZJ"), certificationBody("CB-ZJ", "ZJ")] }, ADMIN);
    await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州计量客户有限公司" }] }, ADMIN);
    const page = await t.ok(`query($after: String) { changes(after: $after) { edges { node { kind subjectId } } } }`, { after: last }, PARTNER);
    expect(page.changes.edges).toEqual([]);
  });
});
