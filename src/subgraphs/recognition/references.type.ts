import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * Entities owned by the certification and metrology subgraphs: here only their key, so that this
 * subgraph can contribute `recognition` to them. The decision reads what it needs through the owners'
 * read services (see decision.service.ts), not through @requires.
 */
@Directive(`@key(fields: "id")`)
@ObjectType()
export class Certificate {
  @Field(() => ID)
  id!: string;
}

@Directive(`@key(fields: "id")`)
@ObjectType()
export class MetrologyResult {
  @Field(() => ID)
  id!: string;
}
