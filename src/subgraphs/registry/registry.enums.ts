import { registerEnumType } from "type-graphql";

export enum InstitutionKind {
  CERTIFICATION_BODY = "CERTIFICATION_BODY",
  TESTING_LAB = "TESTING_LAB",
  METROLOGY_INSTITUTE = "METROLOGY_INSTITUTE",
}
registerEnumType(InstitutionKind, { name: "InstitutionKind" });

export enum AccreditationScheme {
  CNCA = "CNCA",
  CNAS = "CNAS",
  CMA = "CMA",
  METROLOGY_AUTHORIZATION = "METROLOGY_AUTHORIZATION",
}
registerEnumType(AccreditationScheme, { name: "AccreditationScheme" });

export enum AccreditationStatus {
  ACTIVE = "ACTIVE",
  SUSPENDED = "SUSPENDED",
  WITHDRAWN = "WITHDRAWN",
  EXPIRED = "EXPIRED",
}
registerEnumType(AccreditationStatus, { name: "AccreditationStatus" });
