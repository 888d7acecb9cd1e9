import type { EntityClass } from "@mikro-orm/core";
import type { GraphQLSchema } from "graphql";
import type { NonEmptyArray } from "type-graphql";
import type { RequestContext } from "./context";
import type { Orm } from "../database/orm";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ReferenceResolver = (reference: any, context: RequestContext) => unknown;

/** What each subgraph folder exports through its `createSubgraph()`. */
export interface SubgraphModule {
  /** Also its PostgreSQL schema and its service name. */
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type this subgraph can resolve; each must batch through a loader. */
  references: Record<string, ReferenceResolver>;
  entities: EntityClass<unknown>[];
  /** Background work beside the resolvers (e.g. the feed's LISTEN connection), started before serving. */
  start?: (orm: Orm) => Promise<void>;
  /** Ends that background work; called when the platform stops. */
  stop?: () => Promise<void>;
}

export interface BuiltSubgraph {
  module: SubgraphModule;
  schema: GraphQLSchema;
  /** The subgraph SDL with federation directives, as `_service { sdl }` returns it. */
  sdl: string;
}
