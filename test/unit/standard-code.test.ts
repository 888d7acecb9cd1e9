import { ValidationError } from "../../src/platform/errors";
import { PARSED_CODES_KEPT, parseStandardCode } from "../../src/platform/validation/standard-code";

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

  it("takes only six-digit 310xxx numbers for the YRD unified block, and keeps mandatory codes apart", () => {
    // Ordinary local numbers that merely begin with 310: each province's own text.
    for (const code of ["DB32/T 3105-2016", "DB33/T 3105-2016", "DB31/T 310-2019", "DB34/T 31000-2020", "DB31/T 3100031-2021", "DB33/T 3105.1-2021"]) {
      expect({ code, unifiedKey: parseStandardCode(code).unifiedKey }).toEqual({ code, unifiedKey: null });
    }
    expect(parseStandardCode("DB33/T 310000-2020").unifiedKey).toBe("310000-2020");
    expect(parseStandardCode("DB33/T 310003.1-2021").unifiedKey).toBe("310003.1-2021");
    // A mandatory and a recommended code with the same number are two texts: their keys differ.
    expect(parseStandardCode("DB31 310003-2021").unifiedKey).toBe("M 310003-2021");
    expect(parseStandardCode("DB32 310003-2021").unifiedKey).toBe(parseStandardCode("DB31 310003-2021").unifiedKey);
    expect(parseStandardCode("DB31/T 310003-2021").unifiedKey).not.toBe(parseStandardCode("DB31 310003-2021").unifiedKey);
  });

  it("gives a code parsed again the same answer, frozen, past the number of codes it keeps", () => {
    const first = parseStandardCode("gb/t19001–2016");
    expect(Object.isFrozen(first)).toBe(true);
    for (let i = 0; i <= PARSED_CODES_KEPT; i++) parseStandardCode(`GB ${i}-2020`);
    expect(parseStandardCode("gb/t19001–2016")).toEqual(first);
    expect(parseStandardCode("GB/T 19001-2016")).toEqual({ ...first });
  });

  it("refuses a bad code every time it is given, naming the field of each", () => {
    for (const field of ["standardCodes[0]", "standardCodes[3]"]) {
      expect(() => parseStandardCode("GB/T 19001", field)).toThrow(expect.objectContaining({ reason: "STANDARD_CODE_FORMAT", field }));
    }
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
