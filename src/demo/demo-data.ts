import { PUBLIC, type Viewer } from "../platform/auth/viewer";
import type { Orm } from "../platform/database/orm";
import { logger } from "../platform/logger";
import { importEnterprises } from "../subgraphs/registry/enterprise.service";
import { importInstitutions } from "../subgraphs/registry/institution.service";
import { importCertificates } from "../subgraphs/certification/certificate-import.service";
import { DEMO_SIZES, generateCertificates, generateEnterprises, generateInstitutions } from "./generator";

const SEEDER: Viewer = { ...PUBLIC, role: "admin", sub: "demo-data" };

/** The demo dataset goes only into an empty database: a database with data is never touched. */
export async function loadDemoDataIfEmpty(orm: Orm): Promise<boolean> {
  const em = orm.em.fork();
  const [row] = await em.execute(`select exists (select 1 from registry.enterprise) or exists (select 1 from registry.institution) as has_data`);
  if ((row as { has_data: boolean }).has_data) return false;
  const enterprises = [...generateEnterprises(DEMO_SIZES)];
  const results = {
    enterprises: await importEnterprises(em, enterprises),
    institutions: await importInstitutions(em, generateInstitutions()),
    certificates: await importCertificates(em, [...generateCertificates(DEMO_SIZES, enterprises)], SEEDER),
  };
  for (const [kind, result] of Object.entries(results)) {
    if (result.rejected.length) throw new Error(`demo ${kind} rejected: ${JSON.stringify(result.rejected.slice(0, 3))}`);
  }
  logger.info({ enterprises: results.enterprises.accepted, institutions: results.institutions.accepted, certificates: results.certificates.accepted }, "demo data loaded");
  return true;
}
