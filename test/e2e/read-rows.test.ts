import { readRows, rowMapper } from "../../src/platform/database/read-rows";
import { CertificateEntity } from "../../src/subgraphs/certification/certificate.entity";
import { MetrologyResultEntity } from "../../src/subgraphs/metrology/metrology-result.entity";
import { AccreditationEntity } from "../../src/subgraphs/registry/accreditation.entity";
import { InstitutionEntity } from "../../src/subgraphs/registry/institution.entity";
import { createTestDatabase, type TestDatabase } from "../support/database";

// The GraphQL read paths read plain rows instead of hydrated entities: they must hold what
// em.find() would have given, value for value and type for type.
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.orm.em.fork();
  await em.execute(`insert into registry.enterprise (uscc, name, division_code, province) values ('91330106MA27X0001X', '杭州', '330106', 'ZJ')`);
  await em.execute(`insert into registry.institution (id, name, kind, province) values ('CB-1', '认证', 'CERTIFICATION_BODY', 'ZJ')`);
  await em.execute(`insert into registry.accreditation (institution_id, scheme, number, scope, status, valid_from, valid_until) values ('CB-1', 'CNCA', 'CNCA-R-2026-001', '{ISO 9001:2015,CCC}', 'ACTIVE', '2024-01-01', null)`);
  await em.execute(
    `insert into certification.certificate (issuer_id, number, kind, scheme, province, holder_uscc, holder_name, scope, standard_codes, issued_on, valid_until, status)
     values ('CB-1', 'N-1', 'PRODUCT', 'CCC', 'ZJ', '91330106MA27X0001X', '杭州', '电子', '{GB 4706.1-2005}', '2025-01-02', '2028-01-01', 'ACTIVE')`,
  );
});
afterAll(async () => {
  await db?.drop();
});

describe("readRows", () => {
  it("gives what em.find gives: ids and dates as strings, arrays, instants as Dates, nulls kept", async () => {
    for (const [entity, where] of [[CertificateEntity, { number: "N-1" }], [AccreditationEntity, { institutionId: "CB-1" }]] as const) {
      const found = await db.orm.em.fork().find(entity as never, where as never);
      const meta = db.orm.getMetadata().get(entity.name);
      const table = `${meta.schema}.${meta.tableName}`;
      const read = await readRows(db.orm.em.fork(), entity as never, `select * from ${table} where id = ?`, [(found[0] as { id: string }).id]);
      expect(read).toHaveLength(1);
      expect({ ...(read[0] as object) }).toEqual({ ...(found[0] as object) });
    }
    const [certificate] = await readRows(db.orm.em.fork(), CertificateEntity, `select * from certification.certificate where number = ?`, ["N-1"]);
    expect(certificate).toMatchObject({ issuedOn: "2025-01-02", standardCodes: ["GB 4706.1-2005"], holderUscc: "91330106MA27X0001X" });
    expect(typeof certificate!.id).toBe("string");
    expect(certificate!.updatedAt).toBeInstanceOf(Date);
    expect(Math.abs(certificate!.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("reads inside the caller's transaction, seeing its uncommitted rows", async () => {
    const sql = `select * from registry.institution where id = 'CB-TX'`;
    await db.orm.em.fork().transactional(async (tx) => {
      await tx.execute(`insert into registry.institution (id, name, kind, province) values ('CB-TX', '事务', 'CERTIFICATION_BODY', 'SH')`);
      expect((await readRows(tx, InstitutionEntity, sql)).map((i) => i.name)).toEqual(["事务"]);
      // Another request does not see it before the commit.
      expect(await readRows(db.orm.em.fork(), InstitutionEntity, sql)).toEqual([]);
    });
    expect(await readRows(db.orm.em.fork(), InstitutionEntity, sql)).toHaveLength(1);
  });

  it("maps double precision columns as numbers and timestamps as Dates", () => {
    const map = rowMapper(db.orm.em.fork(), MetrologyResultEntity);
    const row = map({ id: "7", uncertainty_value: 0.05, coverage_factor: 2, created_at: "2026-11-25 10:00:00+00", valid_until: null });
    expect(row).toMatchObject({ id: "7", uncertaintyValue: 0.05, coverageFactor: 2, validUntil: null });
    expect((row as { createdAt: Date }).createdAt.toISOString()).toBe("2026-11-25T10:00:00.000Z");
  });
});
