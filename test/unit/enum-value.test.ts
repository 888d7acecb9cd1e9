import { ValidationError } from "../../src/platform/errors";
import { isProvinceCode } from "../../src/platform/province";
import { optionalEnumValue, requireEnumValue } from "../../src/platform/validation/enum-value";
import { normaliseResult } from "../../src/subgraphs/metrology/metrology-rules";
import { normaliseStandard } from "../../src/subgraphs/standards/standard-rules";

enum Colour {
  RED = "RED",
  BLUE = "BLUE",
}

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return { code: (error as ValidationError).reason, message: (error as Error).message };
  }
  throw new Error("did not fail");
};

describe("an enum field", () => {
  it("is REQUIRED when missing, naming the values to give, and ENUM_VALUE when not one of them", () => {
    expect(requireEnumValue("RED", Colour, "colour")).toBe("RED");
    for (const missing of [undefined, null, ""]) {
      expect(failure(() => requireEnumValue(missing, Colour, "colour"))).toEqual({ code: "REQUIRED", message: "colour is missing: give one of RED, BLUE" });
    }
    expect(failure(() => requireEnumValue("red", Colour, "colour"))).toEqual({ code: "ENUM_VALUE", message: 'colour "red" is not one of RED, BLUE' });
    expect(failure(() => requireEnumValue(7, Colour, "colour"))).toEqual({ code: "ENUM_VALUE", message: "colour 7 is not one of RED, BLUE" });
  });

  it("reads a padded value (a provincial export's cell) as the value, and a blank one as missing; another word is still ENUM_VALUE", () => {
    for (const padded of ["RED ", " RED", "\tRED\u3000"]) expect(requireEnumValue(padded, Colour, "colour")).toBe("RED");
    expect(failure(() => requireEnumValue("  ", Colour, "colour"))).toEqual({ code: "REQUIRED", message: "colour is missing: give one of RED, BLUE" });
    expect(failure(() => requireEnumValue("红色", Colour, "colour"))).toEqual({ code: "ENUM_VALUE", message: 'colour "红色" is not one of RED, BLUE' });
    expect(failure(() => requireEnumValue(" red", Colour, "colour"))).toMatchObject({ code: "ENUM_VALUE" });
  });

  it("may be left out where optional: null, missing and blank are not given, anything else is held to the enum", () => {
    for (const blank of [null, undefined, "", "  "]) expect(optionalEnumValue(blank, Colour, "colour")).toBeNull();
    expect(optionalEnumValue(" BLUE ", Colour, "colour")).toBe("BLUE");
    expect(failure(() => optionalEnumValue("蓝", Colour, "colour"))).toMatchObject({ code: "ENUM_VALUE" });
  });

  it("is read padded by the services' rules: a standard's kind, status and province, a metrology result's kind and conclusion", () => {
    const standard = normaliseStandard({ code: "DB31/T 1-2020", title: "地方", kind: "LOCAL ", status: " EFFECTIVE", province: " SH ", publishedOn: "2020-01-01", effectiveOn: "2020-02-01" });
    expect(standard).toMatchObject({ kind: "LOCAL", declaredStatus: "EFFECTIVE", province: "SH" });
    expect(failure(() => normaliseStandard({ code: "DB31/T 1-2020", title: "地方", kind: "LOCAL", status: "EFFECTIVE", province: " JS", publishedOn: "2020-01-01", effectiveOn: "2020-02-01" }))).toMatchObject({ code: "PROVINCE_MISMATCH" });
    const result = {
      number: "V-1", kind: " VERIFICATION", issuerId: "MET-ZJ", ownerUscc: "91350100M000100Y43", procedure: "JJG 52-2013", measuredOn: "2025-05-10",
      instrument: { name: "压力表", serialNumber: "SN-1", quantity: "压力" }, traceability: "基准",
    };
    expect(normaliseResult({ ...result, conclusion: "PASS " })).toMatchObject({ kind: "VERIFICATION", conclusion: "PASS" });
    // A blank conclusion is a missing one: required for a verification, and no conclusion at all for a calibration.
    expect(failure(() => normaliseResult({ ...result, conclusion: " " }))).toMatchObject({ code: "CONCLUSION_REQUIRED" });
    expect(normaliseResult({ ...result, kind: "CALIBRATION", conclusion: " ", uncertainty: { value: 0.1, unit: "kPa", coverageFactor: 2 } })).toMatchObject({ conclusion: null });
  });

  it("says a file row's missing standard status is missing, not that \"undefined\" is unknown", () => {
    const row = { code: "GB/T 99999-2010", title: "新版", kind: "NATIONAL", publishedOn: "2010-03-01", effectiveOn: "2010-10-01" };
    expect(failure(() => normaliseStandard(row as never))).toMatchObject({ code: "REQUIRED", message: expect.stringMatching(/^status is missing: give one of /) });
  });
});

describe("a province code", () => {
  it("is one of the four, not a name inherited by every object", () => {
    for (const code of ["SH", "JS", "ZJ", "AH"]) expect(isProvinceCode(code)).toBe(true);
    for (const other of ["constructor", "toString", "__proto__", "hasOwnProperty", "zj", "BJ", "", null, 1]) expect([other, isProvinceCode(other)]).toEqual([other, false]);
  });
});
