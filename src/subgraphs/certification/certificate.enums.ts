import { registerEnumType } from "type-graphql";

export enum CertificateKind {
  PRODUCT = "PRODUCT",
  MANAGEMENT_SYSTEM = "MANAGEMENT_SYSTEM",
  SERVICE = "SERVICE",
}
registerEnumType(CertificateKind, { name: "CertificateKind" });

export enum CertificateStatus {
  ACTIVE = "ACTIVE",
  SUSPENDED = "SUSPENDED",
  WITHDRAWN = "WITHDRAWN",
  CANCELLED = "CANCELLED",
  EXPIRED = "EXPIRED",
}
registerEnumType(CertificateStatus, { name: "CertificateStatus", description: "EXPIRED is derived from validUntil, never stored" });
