import type { SubgraphModule } from "../../platform/graphql/subgraph";
import { StandardEntity } from "./standard.entity";
import { StandardConnectionResolver, StandardResolver } from "./standards.resolver";
import { standardsReferences } from "./standards.references";

export { standardsReader, type StandardsReader, type StandardRecord } from "./standards.reader";

/** Standards: codes, supersession and YRD equivalence. */
export function createSubgraph(): SubgraphModule {
  return {
    name: "standards",
    resolvers: [StandardResolver, StandardConnectionResolver],
    references: standardsReferences,
    entities: [StandardEntity],
  };
}
