import { ValidationError } from "../../src/platform/errors";
import { fromMetrologyId, toMetrologyId } from "../../src/subgraphs/metrology/metrology-id";
import { normaliseProcedure, normaliseResult, sameResult, type MetrologyImportRecord } from "../../src/subgraphs/metrology/metrology-rules";
import { makeUscc } from "../support/fixtures";

const OWNER = makeUscc("330106", "MA27XU001");
const base: MetrologyImportRecord = {
  number: " V-1 ", kind: "VERIFICATION", issuerId: "MET-ZJ-01", ownerUscc: OWNER.toLowerCase(),
  instrument: { name: "一般压力表", serialNumber: "SN-1", quantity: "压力" },
  procedure: "JJG 52-2013", measuredOn: "2025-01-10", validUntil: "2026-01-09", conclusion: "PASS", traceability: "国家基准",
};
const reason = (record: Partial<MetrologyImportRecord>): string | null => {
  try {
    normaliseResult({ ...base, ...record });
    return null;
  } catch (error) {
    return (error as ValidationError).reason;
  }
};

describe("metrology rules", () => {
  it.each([
    ["JJG 52-2013", "JJG 52-2013"],
    ["JJF 1059.1-2012", "JJF 1059.1-2012"],
    ["jjg52—2013", "JJG 52-2013"],
    ["ＪＪＦ　１０５９．１－２０１２", "JJF 1059.1-2012"],
    ["JJG（沪）12-2010", "JJG(沪) 12-2010"],
    ["JJG 52-2013  弹性元件式一般压力表检定规程", "JJG 52-2013 弹性元件式一般压力表检定规程"],
  ])("normalises the procedure %s to %s", (raw, expected) => {
    expect(normaliseProcedure(raw)).toBe(expected);
  });

  it.each(["GB/T 19001-2016", "JJG 52", "JJ 52-2013", "52-2013", "JJG52-13", ""])("refuses the procedure %s", (raw) => {
    expect(reason({ procedure: raw })).toBe("PROCEDURE_FORMAT");
  });

  it("normalises the key fields and accepts a valid verification", () => {
    const row = normaliseResult(base);
    expect(row).toMatchObject({ number: "V-1", owner_uscc: OWNER, conclusion: "PASS", uncertainty_value: null, instrument_model: null });
  });

  it("applies the kind rules", () => {
    expect(reason({ conclusion: null })).toBe("CONCLUSION_REQUIRED");
    expect(reason({ conclusion: "MAYBE" })).toBe("ENUM_VALUE");
    expect(reason({ kind: "CALIBRATION", conclusion: null })).toBe("UNCERTAINTY_REQUIRED");
    expect(reason({ kind: "CALIBRATION", conclusion: null, uncertainty: { value: 0.1, unit: "kPa", coverageFactor: 0 } })).toBe("UNCERTAINTY_REQUIRED");
    expect(reason({ kind: "CALIBRATION", conclusion: null, uncertainty: { value: Number.NaN, unit: "kPa", coverageFactor: 2 } })).toBe("UNCERTAINTY_REQUIRED");
    // Text where a number belongs (a file row) is named as it is, not called "not positive".
    expect(() => normaliseResult({ ...base, kind: "CALIBRATION", conclusion: null, uncertainty: { value: "abc" as never, unit: "kPa", coverageFactor: 2 } }))
      .toThrow('The uncertainty value must be a positive number, not "abc"');
    expect(() => normaliseResult({ ...base, kind: "CALIBRATION", conclusion: null, uncertainty: { value: -1, unit: "kPa", coverageFactor: 2 } }))
      .toThrow(/^The uncertainty value must be a positive number$/);
    expect(reason({ kind: "CALIBRATION", conclusion: null, uncertainty: { value: 0.1, unit: " ", coverageFactor: 2 } })).toBe("REQUIRED");
    expect(reason({ kind: "CALIBRATION", conclusion: null, uncertainty: { value: 0.1, unit: "kPa", coverageFactor: 2 } })).toBeNull();
    expect(reason({ kind: "CALIBRATION", uncertainty: { value: 0.1, unit: "kPa", coverageFactor: 2 } })).toBe("CONCLUSION_NOT_ALLOWED");
    expect(reason({ kind: "MEASUREMENT" })).toBe("ENUM_VALUE");
  });

  it("checks dates and the owner", () => {
    expect(reason({ validUntil: "2025-01-09" })).toBe("DATE_ORDER");
    expect(reason({ validUntil: "2025-01-10" })).toBeNull();
    expect(reason({ validUntil: null })).toBeNull();
    expect(reason({ measuredOn: "2025-02-30" })).toBe("DATE_FORMAT");
    expect(reason({ ownerUscc: OWNER.slice(0, 17) + (OWNER.endsWith("0") ? "1" : "0") })).toBe("USCC_CHECKSUM");
    expect(reason({ instrument: { name: "", serialNumber: "SN", quantity: "压力" } })).toBe("REQUIRED");
    // A file row may leave out a required date: said missing, not "must be YYYY-MM-DD".
    expect(reason({ measuredOn: undefined })).toBe("REQUIRED");
    expect(reason({ measuredOn: "" })).toBe("REQUIRED");
    expect(reason({ validUntil: "" })).toBeNull();
  });

  it("holds the instrument's model to the text rules of the fields beside it, and leaves a blank one out", () => {
    const instrument = (model: unknown) => ({ instrument: { ...base.instrument, model: model as string } });
    expect(normaliseResult({ ...base, ...instrument(" Y-100 ") }).instrument_model).toBe("Y-100");
    for (const blank of [null, undefined, "", "  "]) expect(normaliseResult({ ...base, ...instrument(blank) }).instrument_model).toBeNull();
    expect(normaliseResult({ ...base, ...instrument("型".repeat(100)) }).instrument_model).toHaveLength(100);
    expect(reason(instrument("x".repeat(5000)))).toBe("TOO_LONG");
    expect(reason(instrument("型".repeat(101)))).toBe("TOO_LONG");
    expect(reason(instrument(42))).toBe("INVALID_TEXT");
    expect(reason(instrument("Y\u0000100"))).toBe("INVALID_TEXT");
  });

  it("says a wrong conclusion as it is, and treats an empty one as not given", () => {
    expect(() => normaliseResult({ ...base, conclusion: 5 as never })).toThrow("conclusion 5 is not one of PASS, FAIL");
    expect(reason({ conclusion: "" })).toBe("CONCLUSION_REQUIRED");
  });

  it("compares stored rows by value, doubles included", () => {
    const row = normaliseResult({ ...base, kind: "CALIBRATION", conclusion: null, uncertainty: { value: 0.05, unit: "kPa", coverageFactor: 2 } });
    expect(sameResult({ ...row, uncertainty_value: "0.05", coverage_factor: "2" }, row)).toBe(true);
    expect(sameResult({ ...row, uncertainty_value: 0.06 }, row)).toBe(false);
  });

  it("maps public ids to stored ids and refuses anything else", () => {
    expect(toMetrologyId("42")).toBe("M42");
    expect(fromMetrologyId("M42")).toBe("42");
    expect(fromMetrologyId("42")).toBeNull();
    expect(fromMetrologyId("M")).toBeNull();
    expect(fromMetrologyId("M4x")).toBeNull();
  });
});
