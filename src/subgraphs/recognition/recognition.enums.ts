import { registerEnumType } from "type-graphql";

export enum SubjectKind {
  CERTIFICATE = "CERTIFICATE",
  METROLOGY_RESULT = "METROLOGY_RESULT",
}
registerEnumType(SubjectKind, { name: "SubjectKind", description: "What a recognition decision is about" });

export enum RecognitionOutcome {
  RECOGNIZED = "RECOGNIZED",
  CONDITIONAL = "CONDITIONAL",
  NOT_RECOGNIZED = "NOT_RECOGNIZED",
}
registerEnumType(RecognitionOutcome, {
  name: "RecognitionOutcome",
  description: "NOT_RECOGNIZED when a hard check fails, CONDITIONAL when only soft ones (STANDARDS) fail, else RECOGNIZED",
});
