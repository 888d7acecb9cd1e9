import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse } from "graphql";
import { buildSchema, createResolversMap, getMetadataStorage, type PubSub } from "type-graphql";
import { authChecker } from "../auth/auth-checker";
import { scalarsMap } from "./scalars";
import type { BuiltSubgraph, SubgraphModule } from "./subgraph";

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3",
  import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])`;

/**
 * Subscriptions here bring their own event source (`@Subscription({ subscribe })`, see the feed), but
 * type-graphql refuses to build any subscription without a PubSub: this one only says so if used.
 */
const NO_PUB_SUB: PubSub = {
  publish: () => {
    throw new Error("No PubSub: a subscription must pass its own `subscribe`");
  },
  subscribe: () => {
    throw new Error("No PubSub: a subscription must pass its own `subscribe`");
  },
};

/**
 * type-graphql gives every plain property field a resolver that runs the field's middleware chain and
 * then reads the property. With no middleware and no role on the field, the chain is empty, and the
 * default resolver reads the same property without the call (graphql-jit reads it inline): a page of
 * certificates has thousands of such fields. Fields with roles, middlewares or a @FieldResolver keep
 * theirs, so `@Authorized` on a field still checks. Read after buildSchema, which settles each field's
 * roles and middlewares (its own, its class's and the global ones).
 */
function dropPlainPropertyResolvers(resolvers: Record<string, Record<string, unknown>>): void {
  const storage = getMetadataStorage();
  // Subgraphs declare classes of the same GraphQL name (an entity and its reference elsewhere), and the
  // metadata is global: a field keeps its resolver if any class of that name resolves it otherwise.
  const kept = new Set<string>();
  for (const type of storage.objectTypes) {
    for (const field of type.fields ?? []) {
      if (field.roles || field.middlewares?.length || field.schemaName !== field.name) kept.add(`${type.name}.${field.schemaName}`);
    }
  }
  for (const resolver of storage.fieldResolvers) {
    const type = storage.objectTypes.find((t) => t.target === resolver.getObjectType?.());
    if (type) kept.add(`${type.name}.${resolver.schemaName}`);
  }
  for (const type of storage.objectTypes) {
    const typeResolvers = resolvers[type.name];
    if (!typeResolvers) continue;
    for (const field of type.fields ?? []) {
      if (!kept.has(`${type.name}.${field.schemaName}`)) delete typeResolvers[field.schemaName];
    }
  }
}

/** The one bridge from type-graphql classes to a Federation 2 subgraph schema. */
export async function buildSubgraph(module: SubgraphModule): Promise<BuiltSubgraph> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: module.resolvers,
    orphanedTypes: module.orphanedTypes,
    scalarsMap,
    authChecker,
    authMode: "error",
    validate: false,
    skipCheck: true,
    emitSchemaFile: false,
    pubSub: NO_PUB_SUB,
  });
  const resolvers = createResolversMap(typeGraphqlSchema) as Record<string, Record<string, unknown>>;
  dropPlainPropertyResolvers(resolvers);
  for (const [typeName, resolveReference] of Object.entries(module.references)) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference };
  }
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(typeGraphqlSchema)}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: resolvers as any }]);
  return { module, schema, sdl: printSubgraphSchema(schema) };
}
