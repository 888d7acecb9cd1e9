import type { SubgraphModule } from "../../platform/graphql/subgraph";
import { MetrologyResultEntity } from "./metrology-result.entity";
import { MetrologyResultConnectionResolver, MetrologyResultResolver } from "./metrology.resolver";
import { EnterpriseMetrologyResolver } from "./enterprise-metrology.resolver";
import { metrologyReferences } from "./metrology.references";

export { metrologyReader, type MetrologyReader, type MetrologyRecord } from "./metrology.reader";
export { toMetrologyId, fromMetrologyId } from "./metrology-id";

/** Calibration and verification results. */
export function createSubgraph(): SubgraphModule {
  return {
    name: "metrology",
    resolvers: [MetrologyResultResolver, MetrologyResultConnectionResolver, EnterpriseMetrologyResolver],
    references: metrologyReferences,
    entities: [MetrologyResultEntity],
  };
}
