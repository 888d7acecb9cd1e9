import "reflect-metadata";
import { execute, parse, type GraphQLObjectType } from "graphql";
import { Authorized, Field, ObjectType, Query, Resolver } from "type-graphql";
import { buildSubgraph } from "../../src/platform/graphql/build-subgraph-schema";
import { PUBLIC } from "../../src/platform/auth/viewer";

// buildSubgraph drops type-graphql's resolver from plain property fields (the default resolver reads
// the same property); a field with a role keeps its resolver, so its check still runs.
@ObjectType()
class Probe {
  @Field()
  plain!: string;

  @Authorized("admin")
  @Field()
  guarded!: string;
}

@Resolver()
class ProbeResolver {
  @Query(() => Probe)
  probe(): Probe {
    return { plain: "open", guarded: "secret" };
  }
}

it("keeps resolvers only where a field has roles, and the roles still apply", async () => {
  const built = await buildSubgraph({ name: "probe", resolvers: [ProbeResolver], references: {}, entities: [] });
  const fields = (built.schema.getType("Probe") as GraphQLObjectType).getFields();
  expect(fields.plain!.resolve).toBeUndefined();
  expect(fields.guarded!.resolve).toBeInstanceOf(Function);

  const result = await execute({ schema: built.schema, document: parse(`{ probe { plain guarded } }`), contextValue: { viewer: PUBLIC } });
  expect(result.data).toBeNull();
  expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[["probe", "guarded"], "FORBIDDEN"]]);
  const admin = await execute({ schema: built.schema, document: parse(`{ probe { plain guarded } }`), contextValue: { viewer: { role: "admin", sub: "a" } } });
  expect(admin).toEqual({ data: { probe: { plain: "open", guarded: "secret" } } });
});
