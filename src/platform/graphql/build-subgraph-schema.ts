import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse } from "graphql";
import { buildSchema, createResolversMap, type PubSub } from "type-graphql";
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
  for (const [typeName, resolveReference] of Object.entries(module.references)) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference };
  }
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(typeGraphqlSchema)}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: resolvers as any }]);
  return { module, schema, sdl: printSubgraphSchema(schema) };
}
