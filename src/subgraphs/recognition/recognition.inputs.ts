import { Field, ID, InputType } from "type-graphql";
import { DateScalar } from "../../platform/graphql/scalars";
import { ProvinceCode } from "../../platform/province";
import { SubjectKind } from "./recognition.enums";

@InputType()
export class RecognitionAgreementInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => [ProvinceCode])
  parties!: ProvinceCode[];

  @Field(() => [SubjectKind])
  subjectKinds!: SubjectKind[];

  @Field(() => DateScalar)
  effectiveFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  effectiveUntil?: string | null;
}

@InputType()
export class RecognitionRequest {
  @Field(() => ID, { description: 'A certificate id ("42") or a metrology result id ("M42")' })
  subjectId!: string;

  @Field(() => ProvinceCode)
  targetProvince!: ProvinceCode;

  @Field(() => DateScalar, { nullable: true, description: "Default: today in China Standard Time" })
  asOf?: string | null;
}
