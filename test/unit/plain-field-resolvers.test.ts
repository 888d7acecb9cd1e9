import "reflect-metadata";
import { execute, parse, type GraphQLObjectType } from "graphql";
import { Arg, Authorized, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from "type-graphql";
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

// A @FieldResolver with no roles, middlewares or arguments is called directly, with the parent row as
// it is; one with a role or an argument keeps type-graphql's wrapper, and its check or argument works.
@ObjectType()
class Parent {
  @Field()
  name!: string;
}

const seenRoots: unknown[] = [];

@Resolver(() => Parent)
class ParentResolver {
  @Query(() => [Parent])
  parents(): Parent[] {
    return [{ name: "a" }, { name: "b" }];
  }

  @FieldResolver(() => String)
  greeting(@Root() parent: Parent, @Ctx() ctx: { viewer: { role: string } }): string {
    seenRoots.push(parent);
    return `${parent.name} for ${ctx.viewer.role}`;
  }

  @FieldResolver(() => String)
  shouted(@Root() parent: Parent, @Arg("times", () => Int) times: number): string {
    return parent.name.toUpperCase().repeat(times);
  }

  @Authorized("admin")
  @FieldResolver(() => String)
  secret(@Root() parent: Parent): string {
    return `secret of ${parent.name}`;
  }
}

it("calls a field resolver with only @Root and @Ctx directly, and keeps roles and arguments working on the others", async () => {
  const built = await buildSubgraph({ name: "parents", resolvers: [ParentResolver], references: {}, entities: [] });
  const run = (query: string, role: string) => execute({ schema: built.schema, document: parse(query), contextValue: { viewer: role === "public" ? PUBLIC : { role, sub: "x" } } });

  seenRoots.length = 0;
  expect(await run(`{ parents { greeting shouted(times: 2) } }`, "public")).toEqual({
    data: { parents: [{ greeting: "a for public", shouted: "AA" }, { greeting: "b for public", shouted: "BB" }] },
  });
  // The rows themselves: type-graphql's wrapper would have copied each into a new Parent.
  expect(seenRoots.map((root) => Object.getPrototypeOf(root) === Object.prototype)).toEqual([true, true]);

  const forbidden = await run(`{ parents { name secret } }`, "public");
  // The first refusal nulls the non-null list: one error, and no secret in the data.
  expect([forbidden.data, forbidden.errors?.map((e) => [e.path, e.extensions?.code])]).toEqual([null, [[["parents", 0, "secret"], "FORBIDDEN"]]]);
  expect(await run(`{ parents { secret } }`, "admin")).toEqual({ data: { parents: [{ secret: "secret of a" }, { secret: "secret of b" }] } });
});
