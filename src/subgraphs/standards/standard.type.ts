import { Directive, Field, ID, ObjectType } from "type-graphql";
import { PageInfo } from "../../platform/graphql/pagination";
import { DateScalar } from "../../platform/graphql/scalars";
import { ProvinceCode } from "../../platform/province";
import { StandardKind } from "./standards.enums";

@Directive(`@key(fields: "code")`)
@ObjectType({ description: "A national, industry, local, regional or group standard, known by its normalised code" })
export class Standard {
  @Field(() => ID, { description: 'Normalised, e.g. "GB/T 19001-2016", "DB31/T 310003-2021"' })
  code!: string;

  @Field(() => String)
  title!: string;

  @Field(() => StandardKind)
  kind!: StandardKind;

  @Field(() => ProvinceCode, { nullable: true, description: "LOCAL standards only" })
  province!: ProvinceCode | null;

  @Field(() => DateScalar)
  publishedOn!: string;

  @Field(() => DateScalar)
  effectiveOn!: string;

  @Field(() => DateScalar, { nullable: true, description: "From when the standard is SUPERSEDED (the successor's effective date)" })
  supersededOn!: string | null;
}

@ObjectType()
export class StandardEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Standard)
  node!: Standard;
}

@ObjectType()
export class StandardConnection {
  @Field(() => [StandardEdge])
  edges!: StandardEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
