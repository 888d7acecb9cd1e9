import { canTransition, effectiveStatus, STORED_STATUSES } from "../../src/subgraphs/certification/certificate-status";
import { CertificateStatus as S } from "../../src/subgraphs/certification/certificate.enums";

describe("certificate status rules", () => {
  const allowed: [S, S][] = [
    [S.ACTIVE, S.SUSPENDED], [S.ACTIVE, S.WITHDRAWN], [S.ACTIVE, S.CANCELLED],
    [S.SUSPENDED, S.ACTIVE], [S.SUSPENDED, S.WITHDRAWN], [S.SUSPENDED, S.CANCELLED],
  ];

  it("allows exactly the transitions of DESIGN.md", () => {
    for (const from of STORED_STATUSES) {
      for (const to of STORED_STATUSES) {
        const expected = allowed.some(([a, b]) => a === from && b === to);
        expect({ from, to, allowed: canTransition(from, to) }).toEqual({ from, to, allowed: expected });
      }
    }
  });

  it("derives EXPIRED from validUntil, except for final statuses", () => {
    expect(effectiveStatus(S.ACTIVE, "2026-01-31", "2026-01-31")).toBe(S.ACTIVE);
    expect(effectiveStatus(S.ACTIVE, "2026-01-31", "2026-02-01")).toBe(S.EXPIRED);
    expect(effectiveStatus(S.SUSPENDED, "2026-01-31", "2026-02-01")).toBe(S.EXPIRED);
    expect(effectiveStatus(S.WITHDRAWN, "2026-01-31", "2026-02-01")).toBe(S.WITHDRAWN);
    expect(effectiveStatus(S.CANCELLED, "2026-01-31", "2026-02-01")).toBe(S.CANCELLED);
  });
});
