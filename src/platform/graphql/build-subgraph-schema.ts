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

type FieldResolver = (root: unknown, args: unknown, context: Record<string, unknown>, info: unknown) => unknown;
type ParamKind = { kind: string; index: number; propertyName?: string };

/**
 * type-graphql calls a @FieldResolver method through a wrapper that, on every call, sorts the method's
 * parameters, copies the parent row into a new instance of the @Root() parameter's class (where it is
 * a class) and looks the resolver instance up in its container: about 0.1 ms of a W1 request, whose
 * page calls `holder`, `issuer` and `standards` 300 times. A resolver of this subgraph with no roles,
 * no middlewares and no arguments (only @Root, @Ctx and @Info) is called directly with the row as it
 * is. The rows are plain objects (read-rows.ts, the loaders); the root classes (Certificate, Enterprise,
 * Institution, MetrologyResult) have no methods, getters or defaults that a copy would have added.
 * buildSubgraph gives buildSchema no global middlewares; one added there would have to be checked here.
 */
function callFieldResolversDirectly(module: SubgraphModule, resolvers: Record<string, Record<string, unknown>>): void {
  const storage = getMetadataStorage();
  const instances = new Map<Function, Record<string, (...params: unknown[]) => unknown>>();
  for (const def of storage.fieldResolvers) {
    if (def.kind !== "external" || !module.resolvers.includes(def.target)) continue;
    if (def.roles !== undefined || def.middlewares?.length) continue;
    const params = [...(def.params as ParamKind[])].sort((a, b) => a.index - b.index);
    if (!params.every((p) => (p.kind === "root" || p.kind === "context" || p.kind === "info") && !p.propertyName)) continue;
    const type = storage.objectTypes.find((t) => t.target === def.getObjectType?.());
    const typeResolvers = type ? resolvers[type.name] : undefined;
    if (!typeResolvers?.[def.schemaName]) continue;
    if (type!.fields?.some((f) => f.schemaName === def.schemaName && (f.roles || f.middlewares?.length))) continue;
    if (!instances.has(def.target)) instances.set(def.target, new (def.target as new () => Record<string, (...params: unknown[]) => unknown>)());
    const instance = instances.get(def.target)!;
    const method = instance[def.methodName]!;
    const pick = params.map((p) => p.kind);
    const direct: FieldResolver =
      pick.length === 1 && pick[0] === "root" ? (root) => method.call(instance, root)
      : pick.length === 2 && pick[0] === "root" && pick[1] === "context" ? (root, _args, context) => method.call(instance, root, context)
      : (root, _args, context, info) => method.apply(instance, pick.map((kind) => (kind === "root" ? root : kind === "context" ? context : info)));
    typeResolvers[def.schemaName] = direct;
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
  callFieldResolversDirectly(module, resolvers);
  for (const [typeName, resolveReference] of Object.entries(module.references)) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference };
  }
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(typeGraphqlSchema)}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: resolvers as any }]);
  return { module, schema, sdl: printSubgraphSchema(schema) };
}
