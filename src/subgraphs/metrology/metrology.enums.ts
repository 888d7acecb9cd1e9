import { registerEnumType } from "type-graphql";

export enum MetrologyKind {
  CALIBRATION = "CALIBRATION",
  VERIFICATION = "VERIFICATION",
}
registerEnumType(MetrologyKind, { name: "MetrologyKind" });

export enum VerificationConclusion {
  PASS = "PASS",
  FAIL = "FAIL",
}
registerEnumType(VerificationConclusion, { name: "VerificationConclusion" });
