import { PUBLIC, type Viewer } from "../platform/auth/viewer";
import type { Orm } from "../platform/database/orm";
import { logger } from "../platform/logger";
import { importEnterprises } from "../subgraphs/registry/enterprise.service";
import { importInstitutions } from "../subgraphs/registry/institution.service";
import { importCertificates } from "../subgraphs/certification/certificate-import.service";
import { DEMO_SIZES, generateCertificates, generateEnterprises, generateInstitutions } from "./generator";
import { importStandards } from "../subgraphs/standards/standard-import.service";
import { importMetrologyResults } from "../subgraphs/metrology/metrology-import.service";
import { generateStandards } from "./standards.generator";
import { generateMetrologyResults } from "./metrology.generator";
import { loadRecognitionDemo } from "./agreements.generator";

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
    standards: await importStandards(em, generateStandards(), SEEDER),
    metrologyResults: await importMetrologyResults(em, [...generateMetrologyResults(DEMO_SIZES, enterprises)], SEEDER),
    recognitionShowcase: await loadRecognitionDemo(em, enterprises, SEEDER),
  };
  for (const [kind, result] of Object.entries(results)) {
    if (result.rejected.length) throw new Error(`demo ${kind} rejected: ${JSON.stringify(result.rejected.slice(0, 3))}`);
  }
  logger.info({ enterprises: results.enterprises.accepted, institutions: results.institutions.accepted, certificates: results.certificates.accepted, standards: results.standards.accepted, metrologyResults: results.metrologyResults.accepted }, "demo data loaded");
  return true;
}
