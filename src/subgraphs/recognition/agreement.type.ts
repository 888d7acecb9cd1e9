import { Directive, Field, ID, ObjectType } from "type-graphql";
import { DateScalar } from "../../platform/graphql/scalars";
import { ProvinceCode } from "../../platform/province";
import { SubjectKind } from "./recognition.enums";

@Directive(`@key(fields: "id")`)
@ObjectType({ description: "An agreement under which provinces recognise each other's results" })
export class RecognitionAgreement {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => [ProvinceCode], { description: "The provinces that recognise each other's results (two or more)" })
  parties!: ProvinceCode[];

  @Field(() => [SubjectKind], { description: "What the agreement covers" })
  subjectKinds!: SubjectKind[];

  @Field(() => DateScalar, { description: "The first day it applies" })
  effectiveFrom!: string;

  @Field(() => DateScalar, { nullable: true, description: "The last day it applies (inclusive); null: open-ended" })
  effectiveUntil!: string | null;
}
