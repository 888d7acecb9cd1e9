import { Directive, Field, ID, ObjectType } from "type-graphql";
import { ProvinceCode } from "../../platform/province";

@Directive(`@key(fields: "uscc")`)
@ObjectType({ description: "An enterprise, known by its Unified Social Credit Code" })
export class Enterprise {
  @Field(() => ID, { description: "Unified Social Credit Code (GB 32100), normalised" })
  uscc!: string;

  @Field(() => String)
  name!: string;

  @Field(() => ProvinceCode, { nullable: true, description: "From the code's division segment; null outside the four" })
  province!: ProvinceCode | null;
}
