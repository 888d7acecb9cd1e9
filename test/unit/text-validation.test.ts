import { ValidationError } from "../../src/platform/errors";
import { requireList } from "../../src/platform/validation/list";
import { requireText } from "../../src/platform/validation/text";

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

describe("requireList", () => {
  it("takes a list, empty or not, and refuses a missing value or anything else", () => {
    expect(requireList([], "standardCodes")).toEqual([]);
    expect(requireList(["GB 1-2000"], "standardCodes")).toEqual(["GB 1-2000"]);
    expect(reason(() => requireList(undefined, "standardCodes"))).toBe("REQUIRED");
    expect(reason(() => requireList("GB 1-2000" as never, "standardCodes"))).toBe("NOT_A_LIST");
    expect(reason(() => requireList({ 0: "a" } as never, "standardCodes"))).toBe("NOT_A_LIST");
  });
});
