import { importInstitutions, type InstitutionRecord } from "../../src/subgraphs/registry/institution.service";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { accreditation, certificationBody } from "../support/fixtures";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
}, 30_000);
afterAll(() => db?.drop());

describe("importInstitutions (the service the CLI and the mutation share)", () => {
  it("holds accreditation dates to YYYY-MM-DD, as the mutation's LocalDate does, instead of letting PostgreSQL read them its own way", async () => {
    const withDates = (id: string, dates: Record<string, unknown>) =>
      ({ ...certificationBody(id, "ZJ"), accreditations: [{ ...accreditation("CNCA", `CNCA-R-${id}`, ["CCC"]), ...dates }] }) as unknown as InstitutionRecord;
    const records = [
      withDates("CB-D1", { validFrom: "2015/01/01" }),
      withDates("CB-D2", { validFrom: "03/04/2015" }),
      withDates("CB-D3", { validFrom: "20150101" }),
      withDates("CB-D4", { validUntil: "2030-12-31T00:00:00+08:00" }),
      withDates("CB-D5", { validFrom: undefined }),
      withDates("CB-D6", { validFrom: "2015-01-01", validUntil: "2030-12-31" }),
    ];
    const result = await importInstitutions(db.orm.em.fork(), records);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.code, r.field])).toEqual([
      [0, "DATE_FORMAT", "accreditations[0].validFrom"],
      [1, "DATE_FORMAT", "accreditations[0].validFrom"],
      [2, "DATE_FORMAT", "accreditations[0].validFrom"],
      [3, "DATE_FORMAT", "accreditations[0].validUntil"],
      [4, "DATE_FORMAT", "accreditations[0].validFrom"],
    ]);
    // Accepted once, the same record again writes and announces nothing.
    expect(await importInstitutions(db.orm.em.fork(), [records[5]!])).toEqual({ accepted: 1, rejected: [] });
    const [{ n }] = await db.orm.em.fork().execute(`select count(*)::int as n from outbox.change_event where subject_id = 'CB-D6'`);
    expect(n).toBe(1);
  });
});
