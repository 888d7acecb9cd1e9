import { today } from "../../src/platform/dates";
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
      withDates("CB-D7", { validFrom: "" }),
    ];
    const result = await importInstitutions(db.orm.em.fork(), records);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.code, r.field])).toEqual([
      [0, "DATE_FORMAT", "accreditations[0].validFrom"],
      [1, "DATE_FORMAT", "accreditations[0].validFrom"],
      [2, "DATE_FORMAT", "accreditations[0].validFrom"],
      [3, "DATE_FORMAT", "accreditations[0].validUntil"],
      // A date left out is said to be missing, not malformed.
      [4, "REQUIRED", "accreditations[0].validFrom"],
      [6, "REQUIRED", "accreditations[0].validFrom"],
    ]);
    // Accepted once, the same record again writes and announces nothing.
    expect(await importInstitutions(db.orm.em.fork(), [records[5]!])).toEqual({ accepted: 1, rejected: [] });
    const [{ n }] = await db.orm.em.fork().execute(`select count(*)::int as n from outbox.change_event where subject_id = 'CB-D6'`);
    expect(n).toBe(1);
  });

  it("says a missing province is missing, naming the values to give, and refuses names every object has", async () => {
    const records = [
      { id: "M-1", name: "x", kind: "TESTING_LAB", accreditations: [] },
      { ...certificationBody("CB-P2", ""), accreditations: [] },
      { ...certificationBody("CB-P3", "BJ"), accreditations: [] },
      { ...certificationBody("CB-P4", "constructor"), accreditations: [] },
    ] as unknown as InstitutionRecord[];
    const result = await importInstitutions(db.orm.em.fork(), records);
    expect(result.rejected.map((r) => [r.index, r.code, r.field, r.message])).toEqual([
      [0, "REQUIRED", "province", "province is missing: give one of SH, JS, ZJ, AH"],
      [1, "REQUIRED", "province", "province is missing: give one of SH, JS, ZJ, AH"],
      [2, "ENUM_VALUE", "province", 'province "BJ" is not one of SH, JS, ZJ, AH'],
      [3, "ENUM_VALUE", "province", 'province "constructor" is not one of SH, JS, ZJ, AH'],
    ]);
    const [{ n }] = await db.orm.em.fork().execute(`select count(*)::int as n from registry.institution where id in ('M-1', 'CB-P2', 'CB-P3', 'CB-P4')`);
    expect(n).toBe(0);
  });

  it("refuses an institution that lists one accreditation twice with DUPLICATE_ACCREDITATION, naming the second, and stores the others", async () => {
    const twice = { ...certificationBody("CB-D1", "ZJ"), accreditations: [accreditation("CNCA", "CNCA-R-D1", ["CCC"]), accreditation("CNAS", "CNAS C-D1", ["ISO 9001:2015"]), accreditation("CNCA", "CNCA-R-D1", ["CCC"])] };
    const result = await importInstitutions(db.orm.em.fork(), [twice as InstitutionRecord, certificationBody("CB-D2", "SH") as InstitutionRecord]);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.code, r.field])).toEqual([[0, "DUPLICATE_ACCREDITATION", "accreditations[2]"]]);
    const stored = await db.orm.em.fork().execute(`select id from registry.institution where id in ('CB-D1', 'CB-D2')`);
    expect(stored).toEqual([{ id: "CB-D2" }]);
  });

  it("stores an accreditation number typed full-width, spaced or in lower case in one form: the same accreditation, not a second", async () => {
    const body = certificationBody("CB-N1", "ZJ");
    const typed = (number: string) => ({ ...body, accreditations: [accreditation("CNAS", number, ["ISO 9001:2015"])] }) as InstitutionRecord;
    expect(await importInstitutions(db.orm.em.fork(), [typed("ＣＮＡＳ\u3000ｌ１２３４")])).toEqual({ accepted: 1, rejected: [] });
    const numbers = async () => (await db.orm.em.fork().execute(`select number from registry.accreditation where institution_id = 'CB-N1'`)).map((r) => r.number);
    expect(await numbers()).toEqual(["CNAS L1234"]);
    const events = async () => (await db.orm.em.fork().execute(`select count(*)::int as n from outbox.change_event where subject_id = 'CB-N1'`))[0].n;
    const announced = await events();
    // The same number in other forms changes nothing and announces nothing.
    for (const form of ["cnas  L1234", "CNAS L1234", "ＣＮＡＳ Ｌ1234"]) expect(await importInstitutions(db.orm.em.fork(), [typed(form)])).toEqual({ accepted: 1, rejected: [] });
    expect(await numbers()).toEqual(["CNAS L1234"]);
    expect(await events()).toBe(announced);
    // Listed twice in two forms is listed twice.
    const twice = { ...body, accreditations: [accreditation("CNAS", "CNAS L1234", ["ISO 9001:2015"]), accreditation("CNAS", "ｃｎａｓ ｌ1234", ["ISO 9001:2015"])] };
    expect((await importInstitutions(db.orm.em.fork(), [twice as InstitutionRecord])).rejected.map((r) => [r.code, r.field])).toEqual([["DUPLICATE_ACCREDITATION", "accreditations[1]"]]);
  });

  it("takes an empty validUntil (a file row) as open-ended, as metrology and agreements do", async () => {
    const record = { ...certificationBody("CB-U1", "ZJ"), accreditations: [accreditation("CNCA", "CNCA-R-CB-U1", ["CCC"], { validUntil: "" })] };
    expect(await importInstitutions(db.orm.em.fork(), [record as InstitutionRecord])).toEqual({ accepted: 1, rejected: [] });
    const [{ validUntil }] = await db.orm.em.fork().execute(`select valid_until as "validUntil" from registry.accreditation where institution_id = 'CB-U1'`);
    expect(validUntil).toBeNull();
  });

  it("withdraws an accreditation no longer listed, keeping it and its history, and makes it ACTIVE again from the day it is listed again", async () => {
    const em = () => db.orm.em.fork();
    const cnas = accreditation("CNAS", "CNAS-C-W1", ["ISO 9001:2015"]);
    const body = certificationBody("CB-W1", "ZJ");
    const both = { ...body, accreditations: [...body.accreditations, cnas] } as InstitutionRecord;
    const history = async () => (await em().execute(
      `select a.scheme, a.status, array(select h.status || '@' || h.effective_on::text from registry.accreditation_status_change h where h.accreditation_id = a.id order by h.effective_on, h.id) as history
       from registry.accreditation a where a.institution_id = 'CB-W1' order by a.scheme`)) as { scheme: string; status: string; history: string[] }[];
    const events = async () => Number(((await em().execute(`select count(*)::int as n from outbox.change_event where subject_id = 'CB-W1'`)) as { n: number }[])[0]!.n);
    const on = today(); // China Standard Time's day: a status change is effective on the day it is recorded

    expect(await importInstitutions(em(), [both])).toEqual({ accepted: 1, rejected: [] });
    expect(await importInstitutions(em(), [body as InstitutionRecord])).toEqual({ accepted: 1, rejected: [] });
    expect(await history()).toEqual([
      { scheme: "CNAS", status: "WITHDRAWN", history: ["ACTIVE@2015-01-01", `WITHDRAWN@${on}`] },
      { scheme: "CNCA", status: "ACTIVE", history: ["ACTIVE@2015-01-01"] },
    ]);
    // The same list again changes nothing and announces nothing.
    const announced = await events();
    expect(await importInstitutions(em(), [body as InstitutionRecord])).toEqual({ accepted: 1, rejected: [] });
    expect(await events()).toBe(announced);
    // Listed again: ACTIVE from today, the withdrawal still in its history.
    expect(await importInstitutions(em(), [both])).toEqual({ accepted: 1, rejected: [] });
    expect((await history())[0]).toEqual({ scheme: "CNAS", status: "ACTIVE", history: ["ACTIVE@2015-01-01", `WITHDRAWN@${on}`, `ACTIVE@${on}`] });
    expect(await events()).toBe(announced + 1);
  });

  it("announces an institution that moves province to both provinces, and one that stays to its own", async () => {
    const events = async () => ((await db.orm.em.fork().execute(`select province from outbox.change_event where subject_id = 'CB-MOVE' order by id`)) as { province: string }[]).map((e) => e.province);
    expect(await importInstitutions(db.orm.em.fork(), [certificationBody("CB-MOVE", "SH") as InstitutionRecord])).toEqual({ accepted: 1, rejected: [] });
    expect(await importInstitutions(db.orm.em.fork(), [certificationBody("CB-MOVE", "JS") as InstitutionRecord])).toEqual({ accepted: 1, rejected: [] });
    expect(await importInstitutions(db.orm.em.fork(), [{ ...certificationBody("CB-MOVE", "JS"), name: "renamed" } as InstitutionRecord])).toEqual({ accepted: 1, rejected: [] });
    expect(await events()).toEqual(["SH", "SH", "JS", "JS"]);
  });
});
