import { Field, ID, InputType } from "type-graphql";
import { DateScalar } from "../../platform/graphql/scalars";
import { ProvinceCode } from "../../platform/province";
import { AccreditationScheme, AccreditationStatus, InstitutionKind } from "./registry.enums";

@InputType()
export class EnterpriseInput {
  @Field(() => String)
  uscc!: string;

  @Field(() => String)
  name!: string;
}

@InputType()
export class AccreditationInput {
  @Field(() => AccreditationScheme)
  scheme!: AccreditationScheme;

  @Field(() => String)
  number!: string;

  @Field(() => [String])
  scope!: string[];

  @Field(() => AccreditationStatus)
  status!: AccreditationStatus;

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  validUntil?: string | null;
}

@InputType()
export class InstitutionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => InstitutionKind)
  kind!: InstitutionKind;

  @Field(() => ProvinceCode)
  province!: ProvinceCode;

  @Field(() => [AccreditationInput])
  accreditations!: AccreditationInput[];
}
