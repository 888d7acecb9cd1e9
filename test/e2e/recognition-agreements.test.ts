import { IMPORT_KINDS } from "../../src/import/kinds";
import { ADMIN, startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
const REGULATOR_ZJ = { sub: "reg-zj", role: "regulator" as const, province: "ZJ" as never };
const REGULATOR_SH = { sub: "reg-sh", role: "regulator" as const, province: "SH" as never };
const ENTERPRISE = { sub: "ent-1", role: "enterprise" as const, uscc: "91330106MA27X01016" };

const DEFINE = `mutation($input: RecognitionAgreementInput!) {
  defineRecognitionAgreement(input: $input) { id title parties subjectKinds effectiveFrom effectiveUntil } }`;
const LIST = `{ recognitionAgreements { id title parties subjectKinds effectiveFrom effectiveUntil } }`;
const input = (over: Record<string, unknown> = {}) => ({
  id: "ZJ-JS-2024", title: "浙苏计量互认", parties: ["JS", "ZJ"], subjectKinds: ["METROLOGY_RESULT"], effectiveFrom: "2024-01-01", effectiveUntil: "2028-12-31", ...over,
});

beforeAll(async () => {
  t = await startTestPlatform(["registry", "certification", "standards", "metrology", "feed", "recognition"]);
});
afterAll(async () => {
  await t?.stop();
});

describe("defineRecognitionAgreement and recognitionAgreements", () => {
  it("lets an admin define an agreement and lists it for anyone", async () => {
    const { defineRecognitionAgreement } = await t.ok(DEFINE, { input: input({ id: "YRD", title: "长三角互认", parties: ["AH", "ZJ", "JS", "SH"], subjectKinds: ["METROLOGY_RESULT", "CERTIFICATE"], effectiveFrom: "2020-01-01", effectiveUntil: null }) }, ADMIN);
    expect(defineRecognitionAgreement).toEqual({ id: "YRD", title: "长三角互认", parties: ["SH", "JS", "ZJ", "AH"], subjectKinds: ["CERTIFICATE", "METROLOGY_RESULT"], effectiveFrom: "2020-01-01", effectiveUntil: null });
    const { recognitionAgreements } = await t.ok(LIST);
    expect(recognitionAgreements.map((a: { id: string }) => a.id)).toContain("YRD");
  });

  it("lets a regulator of a party define and update one (upsert by id), and no one else", async () => {
    expect((await t.ok(DEFINE, { input: input() }, REGULATOR_ZJ)).defineRecognitionAgreement.parties).toEqual(["JS", "ZJ"]);
    const updated = await t.ok(DEFINE, { input: input({ title: "浙苏互认（修订）", subjectKinds: ["CERTIFICATE", "METROLOGY_RESULT"] }) }, REGULATOR_ZJ);
    expect(updated.defineRecognitionAgreement).toMatchObject({ title: "浙苏互认（修订）", subjectKinds: ["CERTIFICATE", "METROLOGY_RESULT"] });
    const listed = (await t.ok(LIST)).recognitionAgreements.filter((a: { id: string }) => a.id === "ZJ-JS-2024");
    expect(listed).toHaveLength(1);
    expect(listed[0].title).toBe("浙苏互认（修订）");

    const outsider = await t.query(DEFINE, { input: input({ title: "hijack" }) }, REGULATOR_SH);
    expect(outsider.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // Adding itself as a party does not let a regulator rewrite an agreement it was not part of.
    const joining = await t.query(DEFINE, { input: input({ parties: ["JS", "ZJ", "SH"] }) }, REGULATOR_SH);
    expect(joining.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    for (const as of [undefined, ENTERPRISE]) {
      expect((await t.query(DEFINE, { input: input({ id: "X" }) }, as)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    expect((await t.ok(LIST)).recognitionAgreements.find((a: { id: string }) => a.id === "ZJ-JS-2024").parties).toEqual(["JS", "ZJ"]);
  });

  it("announces each change on the feed, once per province that is or was a party, and nothing for a repeat", async () => {
    const EVENTS = `{ changes(filter: { kinds: [AGREEMENT_UPSERTED] }, first: 100) { edges { node { kind province subjectId agreement { id title parties } } } } }`;
    const events = async () => (await t.ok(EVENTS, undefined, ADMIN)).changes.edges.map((e: { node: unknown }) => e.node).filter((n: { subjectId: string }) => n.subjectId === "EVT-1");
    await t.ok(DEFINE, { input: input({ id: "EVT-1", parties: ["ZJ", "SH"] }) }, ADMIN);
    expect((await events()).map((e: { province: string }) => e.province)).toEqual(["SH", "ZJ"]);
    // The same definition again changes nothing and announces nothing.
    await t.ok(DEFINE, { input: input({ id: "EVT-1", parties: ["ZJ", "SH"] }) }, ADMIN);
    expect(await events()).toHaveLength(2);
    // Zhejiang leaves and Anhui joins: both hear of it, and so does Shanghai, still a party.
    await t.ok(DEFINE, { input: input({ id: "EVT-1", parties: ["SH", "AH"] }) }, ADMIN);
    const all = await events();
    expect(all.slice(2).map((e: { province: string }) => e.province)).toEqual(["SH", "ZJ", "AH"]);
    // Each event resolves the agreement as it is now, through the supergraph.
    expect(all[4]).toEqual({ kind: "AGREEMENT_UPSERTED", province: "AH", subjectId: "EVT-1", agreement: { id: "EVT-1", title: "浙苏计量互认", parties: ["SH", "AH"] } });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ["an end not after the start", { effectiveUntil: "2023-12-31" }, "DATE_ORDER", "effectiveUntil"],
    ["fewer than two parties", { parties: ["ZJ"] }, "PARTIES", "parties"],
    ["no subject kinds", { subjectKinds: [] }, "REQUIRED", "subjectKinds"],
  ])("refuses %s with BAD_USER_INPUT and stores nothing", async (_name, over, reason, field) => {
    const response = await t.query(DEFINE, { input: input({ id: `BAD-${reason}`, ...over }) }, ADMIN);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason, field });
    expect((await t.ok(LIST)).recognitionAgreements.some((a: { id: string }) => a.id === `BAD-${reason}`)).toBe(false);
  });

  it("imports a file row's empty effectiveUntil as open-ended, and says a missing effectiveFrom is missing", async () => {
    const rows = [input({ id: "FILE-OPEN", effectiveUntil: "" }), input({ id: "FILE-NO-START", effectiveFrom: undefined })];
    const result = await IMPORT_KINDS.agreements!.importBatch(t.db.orm.em.fork(), JSON.parse(JSON.stringify(rows)), { sub: "import-cli", role: "admin" });
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.code, r.field])).toEqual([[1, "REQUIRED", "effectiveFrom"]]);
    const listed = (await t.ok(LIST)).recognitionAgreements.find((a: { id: string }) => a.id === "FILE-OPEN");
    expect(listed).toMatchObject({ effectiveFrom: "2024-01-01", effectiveUntil: null });
  });
});
