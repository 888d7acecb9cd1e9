import { Directive, Field, ID, ObjectType } from "type-graphql";
import { DateScalar } from "../../platform/graphql/scalars";
import { ProvinceCode } from "../../platform/province";
import { AccreditationScheme, AccreditationStatus, InstitutionKind } from "./registry.enums";

// Shareable: certification provides an issuer's accreditations with its certificates (`@provides`).
@Directive("@shareable")
@ObjectType()
export class Accreditation {
  @Field(() => AccreditationScheme)
  scheme!: AccreditationScheme;

  @Field(() => String)
  number!: string;

  @Field(() => [String], { description: "Certificate schemes, standard codes or measured quantities covered" })
  scope!: string[];

  @Field(() => AccreditationStatus)
  status!: AccreditationStatus;

  @Field(() => DateScalar)
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true })
  validUntil!: string | null;
}

@Directive(`@key(fields: "id")`)
@ObjectType({ description: "A certification body, testing laboratory or metrology institute" })
export class Institution {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => InstitutionKind)
  kind!: InstitutionKind;

  @Field(() => ProvinceCode)
  province!: ProvinceCode;
}
