import { normaliseAccreditationNumber } from "../../src/subgraphs/registry/accreditation-number";
import { importInstitutions, type InstitutionRecord } from "../../src/subgraphs/registry/institution.service";
import { accreditation, certificationBody } from "../support/fixtures";
import { createTestDatabase, type TestDatabase } from "../support/database";

/**
 * Migration20261126000500_accreditation_numbers, over numbers as imports stored them before: as typed.
 * After it, each number is in the form the import now gives it, unless that form is taken.
 */
const BEFORE: { institution: string; scheme: string; number: string }[] = [
  { institution: "CB-M1", scheme: "CNAS", number: "ＣＮＡＳ\u3000Ｌ１２３４" },
  { institution: "CB-M1", scheme: "CNCA", number: "cnca-r-2002-001" },
  { institution: "CB-M1", scheme: "CMA", number: "241520340123" },
  // The normal form already stored: the full-width one keeps its number, to be withdrawn by the next import.
  { institution: "CB-M2", scheme: "CNAS", number: "CNAS L7" },
  { institution: "CB-M2", scheme: "CNAS", number: "ＣＮＡＳ Ｌ７" },
  // Two other forms of one number, and none normal: the older takes it.
  { institution: "CB-M3", scheme: "CNAS", number: "cnas  l9" },
  { institution: "CB-M3", scheme: "CNAS", number: "ＣＮＡＳ Ｌ９" },
  // The same number in another scheme or institution is another accreditation.
  { institution: "CB-M3", scheme: "CNCA", number: "ｃｎａｓ ｌ９" },
  { institution: "CB-M4", scheme: "CNAS", number: "CNAS L1234" },
];

describe("Migration20261126000500_accreditation_numbers", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migratedTo: "Migration20261126000400_unified_standard_numbers" });
    const em = db.orm.em.fork();
    for (const id of ["CB-M1", "CB-M2", "CB-M3", "CB-M4"]) {
      await em.execute(`insert into registry.institution (id, name, kind, province) values (?, ?, 'CERTIFICATION_BODY', ?)`, [id, `机构 ${id}`, id === "CB-M4" ? "SH" : "ZJ"]);
    }
    for (const a of BEFORE) {
      await em.execute(
        `insert into registry.accreditation (institution_id, scheme, number, scope, status, valid_from) values (?, ?, ?, '{CCC}', 'ACTIVE', '2020-01-01')`,
        [a.institution, a.scheme, a.number],
      );
    }
    await db.orm.getMigrator().up();
  }, 60_000);
  afterAll(() => db?.drop());

  it("stores each number in the import's form, leaving a row whose form is taken as it was", async () => {
    const rows = await db.orm.em.fork().execute(`select institution_id, scheme, number from registry.accreditation order by id`);
    expect(rows.map((r) => `${r.institution_id} ${r.scheme} ${r.number}`)).toEqual([
      "CB-M1 CNAS CNAS L1234",
      "CB-M1 CNCA CNCA-R-2002-001",
      "CB-M1 CMA 241520340123",
      "CB-M2 CNAS CNAS L7",
      "CB-M2 CNAS ＣＮＡＳ Ｌ７",
      "CB-M3 CNAS CNAS L9",
      "CB-M3 CNAS ＣＮＡＳ Ｌ９",
      "CB-M3 CNCA CNAS L9",
      "CB-M4 CNAS CNAS L1234",
    ]);
  });

  it("gives the form normaliseAccreditationNumber gives: the SQL and the import agree", async () => {
    const renumbered = await db.orm.em.fork().execute(`select number from registry.accreditation where number !~ '[^ -~]'`);
    for (const { number } of renumbered) expect(normaliseAccreditationNumber(number, "number")).toBe(number);
    for (const { number } of BEFORE.filter((a) => a.institution !== "CB-M2" && !(a.institution === "CB-M3" && a.number === "ＣＮＡＳ Ｌ９"))) {
      expect(renumbered.map((r) => r.number)).toContain(normaliseAccreditationNumber(number, "number"));
    }
  });

  it("leaves the row in the other form to the next import, which withdraws it as no longer listed", async () => {
    const listed = { ...certificationBody("CB-M2", "ZJ"), accreditations: [{ ...accreditation("CNAS", "ＣＮＡＳ Ｌ７", ["CCC"]), validFrom: "2020-01-01" }] };
    expect(await importInstitutions(db.orm.em.fork(), [listed as InstitutionRecord])).toEqual({ accepted: 1, rejected: [] });
    const rows = await db.orm.em.fork().execute(`select number, status from registry.accreditation where institution_id = 'CB-M2' order by id`);
    expect(rows).toEqual([{ number: "CNAS L7", status: "ACTIVE" }, { number: "ＣＮＡＳ Ｌ７", status: "WITHDRAWN" }]);
  });

  it("announces each institution whose numbers changed, once, and no other", async () => {
    const events = await db.orm.em.fork().execute(`select kind, province, subject_id from outbox.change_event where subject_id <> 'CB-M2' order by id`);
    expect(events).toEqual([
      { kind: "INSTITUTION_UPSERTED", province: "ZJ", subject_id: "CB-M1" },
      { kind: "INSTITUTION_UPSERTED", province: "ZJ", subject_id: "CB-M3" },
    ]);
  });
});
