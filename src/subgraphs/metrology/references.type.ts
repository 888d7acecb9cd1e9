import { Directive, Field, ID, ObjectType } from "type-graphql";

/** Entities owned by the registry that metrology results point at: only their keys live here. */
@Directive(`@key(fields: "uscc")`)
@ObjectType()
export class Enterprise {
  @Field(() => ID)
  uscc!: string;
}

@Directive(`@key(fields: "id", resolvable: false)`)
@ObjectType()
export class Institution {
  @Field(() => ID)
  id!: string;
}
