import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * Entities owned by other subgraphs that an event points at: only their keys live here, and the
 * gateway resolves the rest of each event's selection (holder, issuer, ...) in their subgraphs.
 */
@Directive(`@key(fields: "id", resolvable: false)`)
@ObjectType()
export class Certificate {
  @Field(() => ID)
  id!: string;
}

@Directive(`@key(fields: "id", resolvable: false)`)
@ObjectType()
export class MetrologyResult {
  @Field(() => ID)
  id!: string;
}

@Directive(`@key(fields: "code", resolvable: false)`)
@ObjectType()
export class Standard {
  @Field(() => ID)
  code!: string;
}

@Directive(`@key(fields: "id", resolvable: false)`)
@ObjectType()
export class RecognitionAgreement {
  @Field(() => ID)
  id!: string;
}
