import { ValidationError } from "../../src/platform/errors";
import { isProvinceCode } from "../../src/platform/province";
import { requireEnumValue } from "../../src/platform/validation/enum-value";
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
