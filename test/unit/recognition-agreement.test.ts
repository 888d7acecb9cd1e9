import { ValidationError } from "../../src/platform/errors";
import { normaliseAgreement, type AgreementInput } from "../../src/subgraphs/recognition/agreement.service";

const input = (over: Partial<AgreementInput> = {}): AgreementInput => ({
  id: "YRD-2020", title: "长三角互认协议", parties: ["ZJ", "SH"], subjectKinds: ["CERTIFICATE"], effectiveFrom: "2020-01-01", effectiveUntil: null, ...over,
});

const reasonOf = (over: Partial<AgreementInput>): [string, string | undefined] => {
  try {
    normaliseAgreement(input(over));
  } catch (error) {
    if (error instanceof ValidationError) return [error.reason, error.field];
    throw error;
  }
  throw new Error("accepted");
};

describe("defineRecognitionAgreement validation", () => {
  it("orders and de-duplicates parties and kinds", () => {
    expect(normaliseAgreement(input({ parties: ["AH", "ZJ", "SH", "ZJ"], subjectKinds: ["METROLOGY_RESULT", "CERTIFICATE", "CERTIFICATE"] }))).toEqual({
      id: "YRD-2020", title: "长三角互认协议", parties: ["SH", "ZJ", "AH"], subjectKinds: ["CERTIFICATE", "METROLOGY_RESULT"], effectiveFrom: "2020-01-01", effectiveUntil: null,
    });
  });

  it("takes an empty end (a file row) as not given, as metrology and standards do: open-ended", () => {
    expect(normaliseAgreement(input({ effectiveUntil: "" })).effectiveUntil).toBeNull();
    expect(normaliseAgreement(input({ effectiveUntil: undefined })).effectiveUntil).toBeNull();
  });

  it("says a missing party or kind is missing, naming the values to give", () => {
    expect(() => normaliseAgreement(input({ parties: ["SH", null as never] }))).toThrow("parties[1] is missing: give one of SH, JS, ZJ, AH");
  });

  it.each<[string, Partial<AgreementInput>, string, string]>([
    ["one party", { parties: ["SH"] }, "PARTIES", "parties"],
    ["the same party twice", { parties: ["SH", "SH"] }, "PARTIES", "parties"],
    ["a province outside the four", { parties: ["SH", "BJ"] }, "ENUM_VALUE", "parties[1]"],
    ["a name every object has, as a province", { parties: ["SH", "ZJ", "constructor"] }, "ENUM_VALUE", "parties[2]"],
    ["a party left empty (a file row)", { parties: ["SH", null as never] }, "REQUIRED", "parties[1]"],
    ["an unknown subject kind", { subjectKinds: ["CERTIFICATE", "PERSON"] }, "ENUM_VALUE", "subjectKinds[1]"],
    ["no start (a file row)", { effectiveFrom: undefined as never }, "REQUIRED", "effectiveFrom"],
    ["an empty start (a file row)", { effectiveFrom: "" }, "REQUIRED", "effectiveFrom"],
    ["an end that is not a date", { effectiveUntil: "31.12.2030" }, "DATE_FORMAT", "effectiveUntil"],
    ["no subject kinds", { subjectKinds: [] }, "REQUIRED", "subjectKinds"],
    ["an end before the start", { effectiveUntil: "2019-12-31" }, "DATE_ORDER", "effectiveUntil"],
    ["an end on the start", { effectiveUntil: "2020-01-01" }, "DATE_ORDER", "effectiveUntil"],
    ["an impossible date", { effectiveFrom: "2020-02-30" }, "DATE_FORMAT", "effectiveFrom"],
    ["an empty title", { title: "  " }, "REQUIRED", "title"],
    ["an id with spaces", { id: "YRD 2020" }, "AGREEMENT_ID_FORMAT", "id"],
    ["parties given as text (a file row)", { parties: "SHZJ" as never }, "NOT_A_LIST", "parties"],
    ["no subject kinds at all (a file row)", { subjectKinds: null as never }, "REQUIRED", "subjectKinds"],
  ])("refuses %s", (_name, over, reason, field) => {
    expect(reasonOf(over)).toEqual([reason, field]);
  });
});
