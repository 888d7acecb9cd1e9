import type { SubgraphModule } from "../../platform/graphql/subgraph";
import { createChangeResolver } from "./change.resolver";
import { FeedRuntime } from "./feed.runtime";

/** The change feed: Query.changes for polling partners, Subscription.changes over graphql-ws. */
export function createSubgraph(): SubgraphModule {
  const runtime = new FeedRuntime();
  return {
    name: "feed",
    resolvers: [createChangeResolver(runtime)],
    references: {},
    entities: [],
    start: (orm) => runtime.start(orm.em),
    stop: () => runtime.stop(),
  };
}

export { FeedRuntime };
