import { Field, ObjectType } from "type-graphql";
import { ProvinceCode } from "../../platform/province";

@ObjectType()
export class Province {
  @Field(() => ProvinceCode)
  code!: ProvinceCode;

  @Field(() => String, { description: "GB/T 2260: 310000, 320000, 330000, 340000" })
  divisionCode!: string;

  @Field(() => String)
  name!: string;
}
