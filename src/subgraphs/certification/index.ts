import { loadConfig } from "../../platform/config";
import type { SubgraphModule } from "../../platform/graphql/subgraph";
import { CertificateEntity } from "./certificate.entity";
import { StatusChangeEntity } from "./status-change.entity";
import { CertificateConnectionResolver, CertificateResolver } from "./certificate.resolver";
import { EnterpriseCertificatesResolver } from "./enterprise-certificates.resolver";
import { certificationReferences } from "./certification.references";
import { ProvidedHolderResolver, ProvidedIssuerResolver } from "./provided-fields.resolver";
import { scheduleHolderNameSync } from "./holder-names.service";

/** Certificates, their status history and transitions; and, beside them, their holders' names kept up with renames. */
export function createSubgraph(): SubgraphModule {
  let stopSync: (() => Promise<void>) | undefined;
  return {
    name: "certification",
    resolvers: [CertificateResolver, CertificateConnectionResolver, EnterpriseCertificatesResolver, ProvidedHolderResolver, ProvidedIssuerResolver],
    references: certificationReferences,
    entities: [CertificateEntity, StatusChangeEntity],
    start: async (orm) => {
      const intervalMs = loadConfig().holderNameSyncMs;
      if (intervalMs > 0) stopSync = scheduleHolderNameSync(orm.em, intervalMs);
    },
    stop: async () => {
      await stopSync?.();
      stopSync = undefined;
    },
  };
}
