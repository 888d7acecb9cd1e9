import { ValidationError } from "../../src/platform/errors";
import { parseStandardCode } from "../../src/platform/validation/standard-code";

describe("standard codes", () => {
  it.each([
    ["GB/T 19001-2016", "GB/T 19001-2016", "NATIONAL"],
    ["ＧＢ／Ｔ　１９００１—２０１６", "GB/T 19001-2016", "NATIONAL"],
    ["gb/t19001–2016", "GB/T 19001-2016", "NATIONAL"],
    ["GB 4706.1-2005", "GB 4706.1-2005", "NATIONAL"],
    ["GB/Z 1234-2019", "GB/Z 1234-2019", "NATIONAL"],
    ["DB31/T 310003-2021", "DB31/T 310003-2021", "LOCAL"],
    ["DB33   1234.2－2020", "DB33 1234.2-2020", "LOCAL"],
    ["T/CAS 115-2005", "T/CAS 115-2005", "GROUP"],
    ["JB/T 1234-2010", "JB/T 1234-2010", "INDUSTRY"],
  ])("normalises %s to %s (%s)", (raw, code, family) => {
    const parsed = parseStandardCode(raw);
    expect(parsed.code).toBe(code);
    expect(parsed.family).toBe(family);
  });

  it("reads the province of a local code and the group key of a YRD unified standard", () => {
    expect(parseStandardCode("DB32/T 310003-2021")).toMatchObject({ province: "JS", unifiedKey: "310003-2021" });
    expect(parseStandardCode("DB34/T 1234-2020")).toMatchObject({ province: "AH", unifiedKey: null });
  });

  it.each(["DB35/T 1-2020", "GB/T 19001", "ISO 9001:2015", "GB/T ABC-2016", ""])("rejects %s with STANDARD_CODE_FORMAT", (raw) => {
    expect(() => parseStandardCode(raw)).toThrow(ValidationError);
    try {
      parseStandardCode(raw);
    } catch (error) {
      expect((error as ValidationError).reason).toBe("STANDARD_CODE_FORMAT");
    }
  });
});
