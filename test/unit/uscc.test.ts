import { ValidationError } from "../../src/platform/errors";
import { normaliseUscc, parseUscc, usccCheckCharacter } from "../../src/platform/validation/uscc";

const reasonOf = (raw: string) => {
  try {
    parseUscc(raw);
    return "OK";
  } catch (error) {
    return (error as ValidationError).reason;
  }
};

describe("USCC (GB 32100-2015)", () => {
  it("accepts the vectors of DESIGN.md", () => {
    expect(parseUscc("91350100M000100Y43").code).toBe("91350100M000100Y43");
    expect(parseUscc("91110000600037341L").code).toBe("91110000600037341L");
  });

  it("rejects a wrong check character with USCC_CHECKSUM", () => {
    expect(reasonOf("91350100M000100Y4Z")).toBe("USCC_CHECKSUM");
    expect(reasonOf("91110000600037341K")).toBe("USCC_CHECKSUM");
  });

  it("normalises spaces, hyphens and case before checking", () => {
    expect(normaliseUscc(" 9135-0100 m000 100y43 ")).toBe("91350100M000100Y43");
    expect(parseUscc(" 9135-0100 m000 100y43 ").code).toBe("91350100M000100Y43");
  });

  it("reads a full-width USCC (typed with a Chinese input method) as its half-width, upper-case form", () => {
    expect(normaliseUscc("\u3000９１３５－０１００ｍ０００　１００ｙ４３ ")).toBe("91350100M000100Y43");
    expect(parseUscc("９１３５０１００Ｍ０００１００Ｙ４３")).toEqual({ code: "91350100M000100Y43", divisionCode: "350100", province: null });
    // Folded first, then held to the same rules: a wrong check character or a forbidden letter is still refused.
    expect(reasonOf("９１３５０１００Ｍ０００１００Ｙ４Ｚ")).toBe("USCC_CHECKSUM");
    expect(reasonOf("９１３５０１００Ｏ０００１００Ｙ４３")).toBe("USCC_FORMAT");
  });

  it("folds only full-width characters: a circled digit, a Roman numeral or a superscript is not the character it looks like", () => {
    for (const lookalike of ["⑨1350100M000100Y43", "91350100M000100Y③3", "9135010⁰M000100Y43", "91350100M000100Ⅽ43"]) {
      expect([lookalike, reasonOf(lookalike)]).toEqual([lookalike, "USCC_FORMAT"]);
    }
  });

  it.each([
    ["too short", "91350100M000100Y4"],
    ["too long", "91350100M000100Y433"],
    ["forbidden letter I", "91350100I000100Y43"],
    ["forbidden letter O", "9135010OM000100Y43"],
    ["letters in the division code", "913501A0M000100Y43"],
    ["a number rather than text (a file row)", 913501000001 as unknown as string],
    ["null (a file row)", null as unknown as string],
  ])("rejects %s with USCC_FORMAT", (_name, raw) => {
    expect(reasonOf(raw)).toBe("USCC_FORMAT");
  });

  it("decodes the province from characters 3-4", () => {
    const withCheck = (first17: string) => first17 + usccCheckCharacter(first17);
    expect(parseUscc(withCheck("91310115MA1FL0000")).province).toBe("SH");
    expect(parseUscc(withCheck("91320505MA1FL0000")).province).toBe("JS");
    expect(parseUscc(withCheck("91330106MA1FL0000")).province).toBe("ZJ");
    expect(parseUscc(withCheck("91340104MA1FL0000")).province).toBe("AH");
    expect(parseUscc("91110000600037341L").province).toBeNull();
  });
});
