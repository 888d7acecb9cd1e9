import type { Viewer } from "../../platform/auth/viewer";

/** Why a certificate was suspended or withdrawn is for regulators, admins, its holder and its issuer. */
export function canSeeStatusReasons(viewer: Viewer, certificate: { holderUscc: string; issuerId: string }): boolean {
  switch (viewer.role) {
    case "admin":
    case "regulator":
      return true;
    case "enterprise":
      return viewer.uscc === certificate.holderUscc;
    case "issuer":
      return viewer.institutionId === certificate.issuerId;
    default:
      return false;
  }
}
