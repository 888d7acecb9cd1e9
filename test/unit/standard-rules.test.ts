import { ValidationError } from "../../src/platform/errors";
import { mayImport, normaliseStandard, type StandardImportRecord } from "../../src/subgraphs/standards/standard-rules";
import { standardStatusOn } from "../../src/subgraphs/standards/standard-status";

const base: StandardImportRecord = { code: "DB31/T 310003-2021", title: "统一标准", kind: "LOCAL", status: "EFFECTIVE", publishedOn: "2021-10-08", effectiveOn: "2022-01-01" };
const reason = (record: Partial<StandardImportRecord>): string | null => {
  try {
    normaliseStandard({ ...base, ...record });
    return null;
  } catch (error) {
    return (error as ValidationError).reason;
  }
};

describe("standard rules", () => {
  it("calls a missing date REQUIRED and a malformed one DATE_FORMAT, and words a bad province like other enums", () => {
    expect(reason({ publishedOn: undefined })).toBe("REQUIRED");
    expect(reason({ effectiveOn: "" })).toBe("REQUIRED");
    expect(reason({ effectiveOn: "2022/01/01" })).toBe("DATE_FORMAT");
    expect(reason({ province: "BJ" })).toBe("ENUM_VALUE");
    expect(reason({ province: "constructor" })).toBe("ENUM_VALUE");
    expect(() => normaliseStandard({ ...base, province: "BJ" })).toThrow('province "BJ" is not one of SH, JS, ZJ, AH');
  });

  it("takes a local standard's province and unified key from its code", () => {
    expect(normaliseStandard(base)).toMatchObject({ code: "DB31/T 310003-2021", province: "SH", unifiedKey: "310003-2021", supersedesCodes: [], declaredEquivalents: [] });
    expect(normaliseStandard({ ...base, kind: "REGIONAL" })).toMatchObject({ kind: "REGIONAL", province: null });
  });

  it("checks kind against the code family", () => {
    expect(reason({ kind: "NATIONAL" })).toBe("KIND_MISMATCH");
    expect(reason({ code: "DB31/T 1234-2020", kind: "REGIONAL" })).toBe("KIND_MISMATCH");
    expect(reason({ code: "T/CAS 115-2005", kind: "GROUP", province: null })).toBeNull();
    expect(reason({ code: "T/CAS 115-2005", kind: "NATIONAL" })).toBe("KIND_MISMATCH");
    expect(reason({ code: "JB/T 1234-2010", kind: "INDUSTRY" })).toBeNull();
    expect(reason({ code: "GB/T 1234-2010", kind: "INDUSTRY" })).toBe("KIND_MISMATCH");
  });

  it("checks province, dates, codes and self-supersession", () => {
    expect(reason({ province: "ZJ" })).toBe("PROVINCE_MISMATCH");
    expect(reason({ province: "SH" })).toBeNull();
    // Only a LOCAL standard has a province: given for another kind it is refused, not dropped unseen.
    expect(reason({ code: "GB/T 1234-2010", kind: "NATIONAL", province: "SH" })).toBe("PROVINCE_MISMATCH");
    expect(reason({ kind: "REGIONAL", province: "SH" })).toBe("PROVINCE_MISMATCH");
    expect(reason({ code: "GB/T 1234-2010", kind: "NATIONAL", province: "" })).toBeNull(); // an empty CSV cell
    expect(reason({ code: "DB35/T 1-2020" })).toBe("STANDARD_CODE_FORMAT");
    expect(reason({ effectiveOn: "2021-10-07" })).toBe("DATE_ORDER");
    expect(reason({ effectiveOn: "2021-10-08" })).toBeNull();
    expect(reason({ supersedesCodes: ["DB31/T 310003—2021"] })).toBe("SUPERSEDES_SELF");
    expect(reason({ supersedesCodes: ["not a code"] })).toBe("STANDARD_CODE_FORMAT");
    // As a spreadsheet cell of one code, or an object, arrives from a file: not a list, in either field.
    expect(reason({ supersedesCodes: "GB/T 70001-2010" as never })).toBe("NOT_A_LIST");
    expect(reason({ supersedesCodes: { a: 1 } as never })).toBe("NOT_A_LIST");
    expect(reason({ equivalentCodes: "DB32/T 310003-2021" as never })).toBe("NOT_A_LIST");
    expect(normaliseStandard({ ...base, equivalentCodes: ["DB32/T 310003-2021", "ＤＢ３２／Ｔ　310003-2021", base.code] }).declaredEquivalents).toEqual(["DB32/T 310003-2021"]);
  });

  it("lets a regulator import only its province's LOCAL standards", () => {
    const local = normaliseStandard(base);
    expect(mayImport({ role: "regulator", province: "SH" as never }, local)).toBe(true);
    expect(mayImport({ role: "regulator", province: "JS" as never }, local)).toBe(false);
    expect(mayImport({ role: "regulator", province: "SH" as never }, normaliseStandard({ ...base, kind: "REGIONAL" }))).toBe(false);
    expect(mayImport({ role: "regulator", province: "SH" as never }, normaliseStandard({ ...base, supersedesCodes: ["DB31/T 1-2010"] }))).toBe(true);
    expect(mayImport({ role: "regulator", province: "SH" as never }, normaliseStandard({ ...base, supersedesCodes: ["GB/T 1-2010"] }))).toBe(false);
    expect(mayImport({ role: "admin" }, local)).toBe(true);
    expect(mayImport({ role: "issuer", institutionId: "X" }, local)).toBe(false);
  });

  it("derives the status on any date from the dates", () => {
    const s = { effectiveOn: "2017-07-01", supersededOn: "2024-01-01", abolishedOn: null };
    expect(standardStatusOn(s, "2017-06-30")).toBe("PUBLISHED");
    expect(standardStatusOn(s, "2017-07-01")).toBe("EFFECTIVE");
    expect(standardStatusOn(s, "2024-01-01")).toBe("SUPERSEDED");
    expect(standardStatusOn({ ...s, abolishedOn: "2025-01-01" }, "2025-06-01")).toBe("ABOLISHED");
  });
});
