import { Field, ID, ObjectType } from "type-graphql";
import { DateScalar } from "../../platform/graphql/scalars";
import { ProvinceCode } from "../../platform/province";
import { RecognitionAgreement } from "./agreement.type";
import { RecognitionOutcome, SubjectKind } from "./recognition.enums";

@ObjectType({ description: "One check of a recognition decision" })
export class RecognitionReason {
  @Field(() => String, { description: "AGREEMENT, STATUS, VALIDITY, ACCREDITATION, STANDARDS, CONCLUSION, UNCERTAINTY, or NOT_FOUND for an unknown subject" })
  code!: string;

  @Field(() => Boolean)
  passed!: boolean;

  @Field(() => String, { description: "What was found, in English" })
  message!: string;
}

@ObjectType({ description: "Whether a certificate or metrology result is recognised in a province on a date, and why" })
export class RecognitionDecision {
  @Field(() => ID)
  subjectId!: string;

  @Field(() => SubjectKind)
  subjectKind!: SubjectKind;

  @Field(() => ProvinceCode)
  targetProvince!: ProvinceCode;

  @Field(() => DateScalar)
  asOf!: string;

  @Field(() => RecognitionOutcome)
  outcome!: RecognitionOutcome;

  @Field(() => [RecognitionReason], { description: "Every check made, passed or not, in a fixed order" })
  reasons!: RecognitionReason[];

  @Field(() => RecognitionAgreement, { nullable: true, description: "The agreement applied; null when none applies or origin and target are the same province" })
  agreement!: RecognitionAgreement | null;
}
