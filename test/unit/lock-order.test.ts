import { inLockOrder, issuedKey, issuedRecordKey } from "../../src/platform/database/upsert-rounds";

describe("inLockOrder", () => {
  const row = (issuer_id: string, number: string, tag = "") => ({ issuer_id, number, tag });

  it("orders rows by issuer, then number, as every transaction writes them", () => {
    const rows = [row("CB-ZJ-01", "B"), row("CB-JS-02", "Z"), row("CB-ZJ-01", "A"), row("CB-JS-02", "A")];
    expect(inLockOrder(rows).map((r) => `${r.issuer_id}/${r.number}`)).toEqual(["CB-JS-02/A", "CB-JS-02/Z", "CB-ZJ-01/A", "CB-ZJ-01/B"]);
  });

  it("puts an issuer before a longer one it is a prefix of, whatever the numbers (the key separates them with NUL)", () => {
    const rows = [row("CB-1x", "A"), row("CB-1", "Z")];
    expect(inLockOrder(rows).map((r) => r.issuer_id)).toEqual(["CB-1", "CB-1x"]);
  });

  it("returns the same row objects in a new array and leaves the given one as it was", () => {
    const rows = [row("B", "1", "b"), row("A", "1", "a")];
    const sorted = inLockOrder(rows);
    expect(sorted[0]).toBe(rows[1]);
    expect(sorted[1]).toBe(rows[0]);
    expect(rows.map((r) => r.tag)).toEqual(["b", "a"]);
  });

  it("gives two batches holding the same keys in different orders one order", () => {
    const keys = Array.from({ length: 500 }, (_, i) => row(`CB-${i % 7}`, `N${(i * 7919) % 1000}`));
    const shuffled = [...keys].reverse();
    expect(inLockOrder(shuffled).map(issuedKey)).toEqual(inLockOrder(keys).map(issuedKey));
  });
});

describe("issuedRecordKey", () => {
  it("is the stored key of a record, trimmed as the services trim it, or null without a valid one", () => {
    expect(issuedRecordKey({ issuerId: " CB-SH-01 ", number: "SH1 " })).toBe(issuedKey({ issuer_id: "CB-SH-01", number: "SH1" }));
    expect(issuedRecordKey({ issuerId: "CB-SH-01" })).toBeNull();
    expect(issuedRecordKey(null)).toBeNull();
  });
});
