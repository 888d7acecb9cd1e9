import type { SubgraphModule } from "../../platform/graphql/subgraph";
import { AccreditationEntity } from "./accreditation.entity";
import { EnterpriseEntity } from "./enterprise.entity";
import { InstitutionEntity } from "./institution.entity";
import { InstitutionResolver, RegistryResolver } from "./registry.resolver";
import { registryReferences } from "./registry.references";

export { registryReader, type RegistryReader, type InstitutionSummary, type EnterpriseSummary, type AccreditationPeriod } from "./registry.reader";

/** Provinces, enterprises and institutions with their accreditations. */
export function createSubgraph(): SubgraphModule {
  return {
    name: "registry",
    resolvers: [RegistryResolver, InstitutionResolver],
    references: registryReferences,
    entities: [EnterpriseEntity, InstitutionEntity, AccreditationEntity],
  };
}
