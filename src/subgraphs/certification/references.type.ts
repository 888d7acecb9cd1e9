import { Directive, Field, ID, ObjectType } from "type-graphql";
// The registry's own value type (shareable): the accreditations certificates provide are of the same
// type, defined once.
import { Accreditation } from "../registry/institution.type";

/**
 * Entities owned by other subgraphs that certificates point at: their keys, and the fields a certificate
 * shows and provides itself (`@provides` on `Certificate.holder`, `issuer` and `standards`: names, an
 * issuer's accreditations, titles), read from the owner's read service, so that a page of certificates
 * needs no second subgraph call. `@external`: the owner remains the source.
 */
@Directive(`@key(fields: "uscc")`)
@ObjectType()
export class Enterprise {
  @Field(() => ID)
  uscc!: string;

  @Directive("@external")
  @Field(() => String)
  name?: string;
}

@Directive(`@key(fields: "id", resolvable: false)`)
@ObjectType()
export class Institution {
  @Field(() => ID)
  id!: string;

  @Directive("@external")
  @Field(() => String)
  name?: string;

  @Directive("@external")
  @Field(() => [Accreditation])
  accreditations?: Accreditation[];
}

@Directive(`@key(fields: "code", resolvable: false)`)
@ObjectType()
export class Standard {
  @Field(() => ID)
  code!: string;

  @Directive("@external")
  @Field(() => String)
  title?: string;
}
