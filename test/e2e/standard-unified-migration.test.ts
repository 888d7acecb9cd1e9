import { relinkEquivalents } from "../../src/subgraphs/standards/standard-equivalence";
import { transaction } from "../../src/platform/database/transaction";
import { createTestDatabase, type TestDatabase } from "../support/database";

/**
 * Migration20261126000400_unified_standard_numbers, over standards as the earlier rule stored them: any
 * local number beginning with 310 was a YRD unified one, and a mandatory code shared the recommended
 * code's key. After it, the rows are what the import now makes of the same codes.
 */
type Stored = { code: string; kind: string; province: string | null; unified_key: string | null; group_key: string; declared_equivalents?: string[] };

const BEFORE: Stored[] = [
  // Two provinces' unrelated 3105 grouped as one text (one imported as REGIONAL), and a national
  // standard that declares Zhejiang's its equivalent: all three in one group, keyed by the smallest.
  { code: "DB32/T 3105-2016", kind: "REGIONAL", province: null, unified_key: "3105-2016", group_key: "DB32/T 3105-2016" },
  { code: "DB33/T 3105-2016", kind: "LOCAL", province: "ZJ", unified_key: "3105-2016", group_key: "DB32/T 3105-2016" },
  { code: "GB/T 19001-2016", kind: "NATIONAL", province: null, unified_key: null, group_key: "DB32/T 3105-2016", declared_equivalents: ["DB33/T 3105-2016"] },
  // Mandatory and recommended codes of 310003-2021 in one group.
  { code: "DB31 310003-2021", kind: "LOCAL", province: "SH", unified_key: "310003-2021", group_key: "DB31 310003-2021" },
  { code: "DB32 310003-2021", kind: "LOCAL", province: "JS", unified_key: "310003-2021", group_key: "DB31 310003-2021" },
  { code: "DB31/T 310003-2021", kind: "LOCAL", province: "SH", unified_key: "310003-2021", group_key: "DB31 310003-2021" },
  { code: "DB32/T 310003-2021", kind: "LOCAL", province: "JS", unified_key: "310003-2021", group_key: "DB31 310003-2021" },
  // Alone in its group either way: its key goes, and nothing a client sees changes.
  { code: "DB34/T 3106-2019", kind: "LOCAL", province: "AH", unified_key: "3106-2019", group_key: "DB34/T 3106-2019" },
  // Right under both rules: left alone.
  { code: "DB31/T 310011-2022", kind: "REGIONAL", province: null, unified_key: "310011-2022", group_key: "DB31/T 310011-2022" },
  { code: "DB32/T 310011-2022", kind: "REGIONAL", province: null, unified_key: "310011-2022", group_key: "DB31/T 310011-2022" },
];

describe("Migration20261126000400_unified_standard_numbers", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migratedTo: "Migration20261126000300_import_repeats" });
    for (const s of BEFORE) {
      await db.orm.em.fork().execute(
        `insert into standards.standard (code, title, kind, province, declared_status, published_on, effective_on, declared_equivalents, unified_key, group_key)
         values (?, ?, ?, ?, 'EFFECTIVE', '2016-01-01', '2016-02-01', ?::text[], ?, ?)`,
        [s.code, `title of ${s.code}`, s.kind, s.province, `{${(s.declared_equivalents ?? []).map((c) => `"${c}"`).join(",")}}`, s.unified_key, s.group_key],
      );
    }
    await db.orm.getMigrator().up();
  }, 60_000);
  afterAll(() => db?.drop());

  const stored = async () => (await db.orm.em.fork().execute(`select code, kind, province, unified_key, group_key from standards.standard order by code`)) as Stored[];

  it("unlinks numbers outside the six-digit 310 block, makes them LOCAL of their province, and keys mandatory codes apart", async () => {
    const after = Object.fromEntries((await stored()).map(({ code, ...rest }) => [code, rest]));
    expect(after).toEqual({
      "DB32/T 3105-2016": { kind: "LOCAL", province: "JS", unified_key: null, group_key: "DB32/T 3105-2016" },
      "DB33/T 3105-2016": { kind: "LOCAL", province: "ZJ", unified_key: null, group_key: "DB33/T 3105-2016" },
      "GB/T 19001-2016": { kind: "NATIONAL", province: null, unified_key: null, group_key: "DB33/T 3105-2016" },
      "DB31 310003-2021": { kind: "LOCAL", province: "SH", unified_key: "M 310003-2021", group_key: "DB31 310003-2021" },
      "DB32 310003-2021": { kind: "LOCAL", province: "JS", unified_key: "M 310003-2021", group_key: "DB31 310003-2021" },
      "DB31/T 310003-2021": { kind: "LOCAL", province: "SH", unified_key: "310003-2021", group_key: "DB31/T 310003-2021" },
      "DB32/T 310003-2021": { kind: "LOCAL", province: "JS", unified_key: "310003-2021", group_key: "DB31/T 310003-2021" },
      "DB34/T 3106-2019": { kind: "LOCAL", province: "AH", unified_key: null, group_key: "DB34/T 3106-2019" },
      "DB31/T 310011-2022": { kind: "REGIONAL", province: null, unified_key: "310011-2022", group_key: "DB31/T 310011-2022" },
      "DB32/T 310011-2022": { kind: "REGIONAL", province: null, unified_key: "310011-2022", group_key: "DB31/T 310011-2022" },
    });
  });

  it("announces every standard whose kind, province or equivalents changed, and no other (a key alone is not seen)", async () => {
    const events = (await db.orm.em.fork().execute(`select kind, province, subject_id from outbox.change_event order by id`)) as { kind: string; province: string | null; subject_id: string }[];
    expect(events).toEqual(
      ["DB31 310003-2021:SH", "DB31/T 310003-2021:SH", "DB32 310003-2021:JS", "DB32/T 310003-2021:JS", "DB32/T 3105-2016:JS", "DB33/T 3105-2016:ZJ", "GB/T 19001-2016:"].map((e) => {
        const [subject_id, province] = e.split(":");
        return { kind: "STANDARD_UPSERTED", province: province || null, subject_id };
      }),
    );
  });

  it("leaves groups exactly as the import's own relinking computes them", async () => {
    const codes = BEFORE.map((s) => s.code);
    const changed = await transaction(db.orm.em.fork(), (tx) => relinkEquivalents(tx, codes));
    expect(changed).toEqual([]);
  });
});
