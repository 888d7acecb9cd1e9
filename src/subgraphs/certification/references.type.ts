import { Directive, Field, ID, ObjectType } from "type-graphql";

/** Entities owned by other subgraphs that certificates point at: only their keys live here. */
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

@Directive(`@key(fields: "code", resolvable: false)`)
@ObjectType()
export class Standard {
  @Field(() => ID)
  code!: string;
}
