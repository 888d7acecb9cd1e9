import { Field, InputType } from "type-graphql";
import { ChangeKind } from "../../platform/feed/change-kind";
import { ProvinceCode } from "../../platform/province";

@InputType({ description: "Empty or absent lists match everything" })
export class ChangeFilter {
  @Field(() => [ChangeKind], { nullable: true })
  kinds?: ChangeKind[] | null;

  @Field(() => [ProvinceCode], { nullable: true, description: "Events without a province never match a province filter" })
  provinces?: ProvinceCode[] | null;
}
