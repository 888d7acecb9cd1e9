import { ValidationError } from "../../src/platform/errors";
import { requireList } from "../../src/platform/validation/list";
import { optionalDate, requireDate } from "../../src/platform/validation/date";
import { optionalText, requireText } from "../../src/platform/validation/text";

const reason = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof ValidationError ? error.reason : `not a ValidationError: ${(error as Error).message}`;
  }
};

describe("requireText", () => {
  it("trims and keeps any storable text, Chinese and emoji included", () => {
    expect(requireText("  杭州 🚀 ", "name")).toBe("杭州 🚀");
  });

  it("refuses what a file row may carry where text belongs, and what PostgreSQL cannot store", () => {
    expect(reason(() => requireText(42 as never, "number"))).toBe("INVALID_TEXT");
    expect(reason(() => requireText(["a"] as never, "number"))).toBe("INVALID_TEXT");
    expect(reason(() => requireText("a\u0000b", "scope"))).toBe("INVALID_TEXT");
    expect(reason(() => requireText("broken \ud800 pair", "scope"))).toBe("INVALID_TEXT");
    expect(reason(() => requireText("end \udc00", "scope"))).toBe("INVALID_TEXT");
    expect(reason(() => requireText("  ", "scope"))).toBe("REQUIRED");
    expect(reason(() => requireText(null, "scope"))).toBe("REQUIRED");
    expect(reason(() => requireText("x".repeat(11), "scope", 10))).toBe("TOO_LONG");
  });

  it("counts characters, not UTF-16 units: an emoji or a CJK Extension B character is one", () => {
    expect(requireText(`😀${"汉".repeat(9)}`, "scope", 10)).toHaveLength(11);
    expect(requireText("𠀇".repeat(10), "name", 10)).toBe("𠀇".repeat(10));
    expect(reason(() => requireText("𠀇".repeat(11), "name", 10))).toBe("TOO_LONG");
  });
});

describe("optionalText", () => {
  it("leaves out what is not given, blank text included, and holds the rest to requireText", () => {
    for (const blank of [null, undefined, "", "   "]) expect(optionalText(blank, "model")).toBeNull();
    expect(optionalText(" Y-100 ", "model", 10)).toBe("Y-100");
    expect(reason(() => optionalText(42 as never, "model"))).toBe("INVALID_TEXT");
    expect(reason(() => optionalText("x".repeat(11), "model", 10))).toBe("TOO_LONG");
    expect(reason(() => optionalText("a\u0000b", "model"))).toBe("INVALID_TEXT");
  });
});

describe("requireDate and optionalDate", () => {
  it("say a missing required date is missing, and anything but YYYY-MM-DD is DATE_FORMAT", () => {
    expect(requireDate("2024-02-29", "issuedOn")).toBe("2024-02-29");
    for (const missing of [undefined, null, ""]) expect(reason(() => requireDate(missing, "issuedOn"))).toBe("REQUIRED");
    for (const bad of ["2023-02-29", "2024/01/01", "20240101", 20240101, ["2024-01-01"]]) expect([bad, reason(() => requireDate(bad, "issuedOn"))]).toEqual([bad, "DATE_FORMAT"]);
  });

  it("read a padded or full-width date (a Chinese input method's) as the date, and a blank one as not given", () => {
    for (const given of [" 2024-01-10", "2024-01-10 ", "\u30002024-01-10\t", "２０２４－０１－１０", "２０２４-01-10"]) expect([given, requireDate(given, "issuedOn")]).toEqual([given, "2024-01-10"]);
    expect(reason(() => requireDate("   ", "issuedOn"))).toBe("REQUIRED");
    expect(optionalDate(" \u3000", "validUntil")).toBeNull();
    expect(optionalDate(" ２０３０－１２－３１ ", "validUntil")).toBe("2030-12-31");
  });

  it("still refuse another notation (Chinese, slashes, an Excel serial number) as DATE_FORMAT, saying the form to give", () => {
    const messageOf = (value: unknown) => {
      try {
        requireDate(value, "issuedOn");
      } catch (error) {
        return [(error as ValidationError).reason, (error as Error).message];
      }
      return ["accepted"];
    };
    expect(messageOf("2024年01月10日")).toEqual(["DATE_FORMAT", 'issuedOn "2024年01月10日" is not a date written YYYY-MM-DD, such as 2024-01-10']);
    expect(messageOf("2024/1/10")).toEqual(["DATE_FORMAT", 'issuedOn "2024/1/10" is not a date written YYYY-MM-DD, such as 2024-01-10']);
    expect(messageOf("45301")).toEqual(["DATE_FORMAT", 'issuedOn "45301" is not a date written YYYY-MM-DD, such as 2024-01-10']);
    expect(messageOf(45301)).toEqual(["DATE_FORMAT", "issuedOn 45301 is not a date written YYYY-MM-DD, such as 2024-01-10"]);
    expect(messageOf("２０２４－０２－３０")[0]).toBe("DATE_FORMAT");
    // Only full-width forms are folded: a circled digit or a superscript is no digit of a date.
    for (const lookalike of ["2026-05-0⑦", "⑳26-05-07", "2026-05-0⁷"]) expect([lookalike, messageOf(lookalike)[0]]).toEqual([lookalike, "DATE_FORMAT"]);
  });

  it("take null, a missing field and \"\" as an optional date not given", () => {
    for (const missing of [undefined, null, ""]) expect(optionalDate(missing, "validUntil")).toBeNull();
    expect(optionalDate("2030-12-31", "validUntil")).toBe("2030-12-31");
    expect(reason(() => optionalDate("2030-13-01", "validUntil"))).toBe("DATE_FORMAT");
  });
});

describe("requireList", () => {
  it("takes a list, empty or not, and refuses a missing value or anything else", () => {
    expect(requireList([], "standardCodes")).toEqual([]);
    expect(requireList(["GB 1-2000"], "standardCodes")).toEqual(["GB 1-2000"]);
    expect(reason(() => requireList(undefined, "standardCodes"))).toBe("REQUIRED");
    expect(reason(() => requireList("GB 1-2000" as never, "standardCodes"))).toBe("NOT_A_LIST");
    expect(reason(() => requireList({ 0: "a" } as never, "standardCodes"))).toBe("NOT_A_LIST");
  });
});
