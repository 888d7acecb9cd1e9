import type { SubgraphModule } from "../../platform/graphql/subgraph";
import { CertificateEntity } from "./certificate.entity";
import { StatusChangeEntity } from "./status-change.entity";
import { CertificateConnectionResolver, CertificateResolver } from "./certificate.resolver";
import { EnterpriseCertificatesResolver } from "./enterprise-certificates.resolver";
import { certificationReferences } from "./certification.references";
import { ProvidedHolderResolver, ProvidedIssuerResolver } from "./provided-fields.resolver";

/** Certificates, their status history and transitions. */
export function createSubgraph(): SubgraphModule {
  return {
    name: "certification",
    resolvers: [CertificateResolver, CertificateConnectionResolver, EnterpriseCertificatesResolver, ProvidedHolderResolver, ProvidedIssuerResolver],
    references: certificationReferences,
    entities: [CertificateEntity, StatusChangeEntity],
  };
}
