import { Field, InputType } from "type-graphql";
import { DateScalar } from "../../platform/graphql/scalars";
import { ProvinceCode } from "../../platform/province";
import { StandardKind, StandardStatus } from "./standards.enums";

@InputType()
export class StandardInput {
  @Field(() => String, { description: "Normalised on import (full-width characters, dashes, spacing)" })
  code!: string;

  @Field(() => String)
  title!: string;

  @Field(() => StandardKind, { description: "Must agree with the code: GB national, DB local (or regional in the 310 block), T/ group, other sector codes industry" })
  kind!: StandardKind;

  @Field(() => ProvinceCode, { nullable: true, description: "LOCAL only; must agree with the code's two digits (PROVINCE_MISMATCH)" })
  province?: ProvinceCode | null;

  @Field(() => StandardStatus, { description: "SUPERSEDED and ABOLISHED are recorded; otherwise the status follows from the dates" })
  status!: StandardStatus;

  @Field(() => DateScalar)
  publishedOn!: string;

  @Field(() => DateScalar)
  effectiveOn!: string;

  @Field(() => [String], { nullable: true, description: "Marked SUPERSEDED from this standard's effectiveOn; codes not yet imported are marked when they arrive" })
  supersedesCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: "The same text under other codes; 310-block local codes are linked without it" })
  equivalentCodes?: string[] | null;
}

@InputType()
export class StandardFilter {
  @Field(() => [StandardKind], { nullable: true })
  kinds?: StandardKind[] | null;

  @Field(() => [ProvinceCode], { nullable: true, description: "LOCAL standards of these provinces" })
  provinces?: ProvinceCode[] | null;

  @Field(() => [StandardStatus], { nullable: true, description: "Status as of today" })
  statuses?: StandardStatus[] | null;

  @Field(() => String, { nullable: true, description: "Matches code and title (Chinese text included)" })
  search?: string | null;
}
