import { isIsoDate } from "../../src/platform/dates";
import type { Em } from "../../src/platform/database/orm";
import { importCertificates, type CertificateRecord } from "../../src/subgraphs/certification/certificate-import.service";
import { canTransition, effectiveStatus, isStoredStatus, STORED_STATUSES } from "../../src/subgraphs/certification/certificate-status";
import { CertificateStatus as S } from "../../src/subgraphs/certification/certificate.enums";

describe("certificate status rules", () => {
  const allowed: [S, S][] = [
    [S.ACTIVE, S.SUSPENDED], [S.ACTIVE, S.WITHDRAWN], [S.ACTIVE, S.CANCELLED],
    [S.SUSPENDED, S.ACTIVE], [S.SUSPENDED, S.WITHDRAWN], [S.SUSPENDED, S.CANCELLED],
  ];

  it("allows exactly the transitions of DESIGN.md", () => {
    for (const from of STORED_STATUSES) {
      for (const to of STORED_STATUSES) {
        const expected = allowed.some(([a, b]) => a === from && b === to);
        expect({ from, to, allowed: canTransition(from, to) }).toEqual({ from, to, allowed: expected });
      }
    }
  });

  it("derives EXPIRED from validUntil, except for final statuses", () => {
    expect(effectiveStatus(S.ACTIVE, "2026-01-31", "2026-01-31")).toBe(S.ACTIVE);
    expect(effectiveStatus(S.ACTIVE, "2026-01-31", "2026-02-01")).toBe(S.EXPIRED);
    expect(effectiveStatus(S.SUSPENDED, "2026-01-31", "2026-02-01")).toBe(S.EXPIRED);
    expect(effectiveStatus(S.WITHDRAWN, "2026-01-31", "2026-02-01")).toBe(S.WITHDRAWN);
    expect(effectiveStatus(S.CANCELLED, "2026-01-31", "2026-02-01")).toBe(S.CANCELLED);
  });

  it("stores only the four stored statuses, not names inherited by every object", () => {
    expect(STORED_STATUSES.every(isStoredStatus)).toBe(true);
    for (const other of ["EXPIRED", "constructor", "toString", "__proto__", "active", 1, null]) expect(isStoredStatus(other)).toBe(false);
  });

  it("refuses an unknown status in an import as ENUM_VALUE, and EXPIRED as STATUS_NOT_ALLOWED", async () => {
    const record = (status: unknown) => ({ number: "C-1", kind: "PRODUCT", scheme: "CCC", issuerId: "CB-SH-01", holderUscc: "91310104AM62DYEW9P", scope: "x", standardCodes: [], issuedOn: "2026-01-01", validUntil: "2027-01-01", status }) as unknown as CertificateRecord;
    // Every record is refused before the database: the entity manager is never used.
    const result = await importCertificates({} as Em, [record("EXPIRED"), record("FOO"), record(1), record("constructor")], { role: "admin", sub: "t" });
    expect(result.rejected.map((r) => [r.index, r.code, r.message])).toEqual([
      [0, "STATUS_NOT_ALLOWED", expect.stringMatching(/EXPIRED follows from validUntil/)],
      [1, "ENUM_VALUE", 'status "FOO" is not one of ACTIVE, SUSPENDED, WITHDRAWN, CANCELLED'],
      [2, "ENUM_VALUE", expect.stringMatching(/^status 1 is not one of/)],
      [3, "ENUM_VALUE", expect.stringMatching(/^status "constructor" is not one of/)],
    ]);
  });

  it("says a missing date is missing (REQUIRED), and a malformed one DATE_FORMAT", async () => {
    const record = (dates: Record<string, unknown>) => ({ number: "C-1", kind: "PRODUCT", scheme: "CCC", issuerId: "CB-SH-01", holderUscc: "91310104AM62DYEW9P", scope: "x", standardCodes: [], issuedOn: "2026-01-01", validUntil: "2027-01-01", ...dates }) as unknown as CertificateRecord;
    const result = await importCertificates({} as Em, [record({ issuedOn: undefined }), record({ validUntil: "" }), record({ validUntil: "2027/01/01" })], { role: "admin", sub: "t" });
    expect(result.rejected.map((r) => [r.index, r.code, r.field])).toEqual([
      [0, "REQUIRED", "issuedOn"],
      [1, "REQUIRED", "validUntil"],
      [2, "DATE_FORMAT", "validUntil"],
    ]);
  });
});

describe("calendar dates", () => {
  it("accepts real dates of any four-digit year, and nothing else", () => {
    for (const date of ["2024-02-29", "0099-12-31", "0001-01-01", "9999-12-31"]) expect([date, isIsoDate(date)]).toEqual([date, true]);
    for (const date of ["2023-02-29", "2026-02-30", "2026-13-01", "2026-1-01", "0099-02-29", "0000-01-01", "26-01-01"]) expect([date, isIsoDate(date)]).toEqual([date, false]);
  });

  it("agrees with the calendar of Date on every day of years across the leap rules, and the days around them", () => {
    const byDate = (date: string) => {
      const [y, m, d] = date.split("-").map(Number) as [number, number, number];
      const at = new Date(0);
      at.setUTCFullYear(y, m - 1, d);
      return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
    };
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    const differing: string[] = [];
    for (const year of [1, 4, 100, 400, 1900, 2000, 2023, 2024, 2100, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          if (isIsoDate(date) !== byDate(date)) differing.push(date);
        }
      }
    }
    expect(differing).toEqual([]);
  });
});
