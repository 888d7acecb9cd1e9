import "./bench-env";
import "reflect-metadata";
import { PUBLIC, type Viewer } from "../src/platform/auth/viewer";
import { loadConfig } from "../src/platform/config";
import { openDatabase } from "../src/platform/database/database";
import type { Em } from "../src/platform/database/orm";
import { sqlStatementCount } from "../src/platform/database/statement-counter";
import { addDays, today } from "../src/platform/dates";
import type { ProvinceCode } from "../src/platform/province";
import { generateAgreements } from "../src/demo/agreements.generator";
import { generateCertificates, generateEnterprises, generateInstitutions, sizesFor } from "../src/demo/generator";
import { generateMetrologyResults } from "../src/demo/metrology.generator";
import { generateStandards } from "../src/demo/standards.generator";
import { Random } from "../src/demo/random";
import { startPlatform } from "../src/start-platform";
import { createSubgraphs } from "../src/subgraphs/catalog";
import { importCertificates } from "../src/subgraphs/certification/certificate-import.service";
import { importMetrologyResults } from "../src/subgraphs/metrology/metrology-import.service";
import { defineRecognitionAgreement } from "../src/subgraphs/recognition/agreement.service";
import { decideRecognition } from "../src/subgraphs/recognition/decision.service";
import { importEnterprises } from "../src/subgraphs/registry/enterprise.service";
import { importInstitutions } from "../src/subgraphs/registry/institution.service";
import { importStandards } from "../src/subgraphs/standards/standard-import.service";

/**
 * W2: verifyRecognition of 1,000 subjects (mixed certificates and metrology results, mixed targets and
 * dates) through the gateway. Reports median and p99 latency and SQL statements per request, against
 * the same decisions made in process without GraphQL (the engine's own hand-written SQL and the rules).
 *
 *   npm run build && DATABASE_URL=postgresql://... LOG_LEVEL=warn node dist/bench/w2-verify-recognition.js
 *
 * BENCH_CERTIFICATES (default 20000) certificates are generated into the database when it has fewer,
 * and the demo's recognition agreements defined when it has none (without them every cross-province
 * decision would stop at the agreement check, and the bench would measure less than a real request);
 * BENCH_ITERATIONS (default 100) measured requests follow 3 warm-up requests. The report counts the
 * outcomes and the decisions that matched an agreement, so that a reader sees what was decided.
 */
const CERTIFICATES = Number(process.env.BENCH_CERTIFICATES ?? 20_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
const BATCH = 1000;
const SEEDER: Viewer = { ...PUBLIC, role: "admin", sub: "bench-w2" };
const TARGETS = ["SH", "JS", "ZJ", "AH"] as ProvinceCode[];

async function seed(em: Em): Promise<void> {
  const [{ agreements }] = (await em.execute(`select count(*)::int as agreements from recognition.agreement`)) as { agreements: number }[];
  if (!agreements) for (const agreement of generateAgreements()) await defineRecognitionAgreement(em, SEEDER, agreement);
  const [{ n }] = (await em.execute(`select count(*)::int as n from certification.certificate`)) as { n: number }[];
  if (n >= CERTIFICATES) return;
  const sizes = sizesFor(CERTIFICATES);
  const enterprises = [...generateEnterprises(sizes)];
  const chunks = async <T>(rows: Iterable<T>, load: (batch: T[]) => Promise<{ rejected: unknown[] }>) => {
    let batch: T[] = [];
    const flush = async () => {
      const result = await load(batch);
      if (result.rejected.length) throw new Error(`seed rejected rows: ${JSON.stringify(result.rejected.slice(0, 2))}`);
      batch = [];
    };
    for (const row of rows) if (batch.push(row) >= 5000) await flush();
    if (batch.length) await flush();
  };
  console.log(`seeding ${CERTIFICATES} certificates ...`);
  await chunks(enterprises, (b) => importEnterprises(em, b));
  await importInstitutions(em, generateInstitutions());
  await importStandards(em, generateStandards(), SEEDER);
  await chunks(generateCertificates(sizes, enterprises), (b) => importCertificates(em, b, SEEDER));
  await chunks(generateMetrologyResults(sizes, enterprises), (b) => importMetrologyResults(em, b, SEEDER));
}

async function requestSets(em: Em, count: number) {
  const certificateIds = ((await em.execute(`select id::text as id from certification.certificate order by id`)) as { id: string }[]).map((r) => r.id);
  const metrologyIds = ((await em.execute(`select 'M' || id as id from metrology.result order by id`)) as { id: string }[]).map((r) => r.id);
  const random = new Random(42);
  const on = today();
  return Array.from({ length: count }, () =>
    Array.from({ length: BATCH }, () => ({
      subjectId: random.chance(0.8) || !metrologyIds.length ? random.pick(certificateIds) : random.pick(metrologyIds),
      targetProvince: random.pick(TARGETS),
      asOf: random.chance(0.7) ? on : addDays(on, -random.int(1, 900)),
    })),
  );
}

interface Decision { outcome: string; agreement: { id: string } | null }

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

async function main(): Promise<void> {
  const modules = createSubgraphs();
  const database = await openDatabase(loadConfig(), modules.flatMap((m) => m.entities), { migrate: true });
  const em = database.orm.em.fork();
  await seed(em);
  const platform = await startPlatform(database.orm, modules, { port: 0, host: "127.0.0.1" });
  const sets = await requestSets(em, ITERATIONS + 3);
  const query = `query($r: [RecognitionRequest!]!) { verifyRecognition(requests: $r) { subjectId outcome reasons { code passed message } agreement { id } } }`;

  const statements: number[] = [];
  const outcomes: Record<string, number> = {};
  let withAgreement = 0;
  /** Sequential requests, so that the statements counted between two are that request's own. */
  const throughGateway = async (document: string): Promise<number[]> => {
    const times: number[] = [];
    for (const [i, requests] of sets.entries()) {
      const before = sqlStatementCount();
      const started = performance.now();
      const response = await fetch(platform.gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: document, variables: { r: requests } }) });
      const body = (await response.json()) as { data?: { verifyRecognition: Decision[] }; errors?: unknown };
      if (body.data?.verifyRecognition.length !== BATCH) throw new Error(`bad answer: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
      if (i >= 3) {
        times.push(performance.now() - started);
        statements.push(sqlStatementCount() - before);
        if (document === query) {
          for (const decision of body.data.verifyRecognition) {
            outcomes[decision.outcome] = (outcomes[decision.outcome] ?? 0) + 1;
            if (decision.agreement) withAgreement++;
          }
        }
      }
    }
    return times;
  };
  const gateway = await throughGateway(query);
  const outcomesOnly = await throughGateway(`query($r: [RecognitionRequest!]!) { verifyRecognition(requests: $r) { subjectId outcome } }`);
  const direct: number[] = [];
  for (const [i, requests] of sets.entries()) {
    const started = performance.now();
    await decideRecognition(database.orm.em.fork(), requests);
    if (i >= 3) direct.push(performance.now() - started);
  }
  const g = summary(gateway);
  const o = summary(outcomesOnly);
  const d = summary(direct);
  const report = {
    workload: "W2 verifyRecognition, 1,000 subjects per request",
    certificatesInDatabase: Number(((await em.execute(`select count(*)::int as n from certification.certificate`)) as { n: number }[])[0]!.n),
    iterations: ITERATIONS,
    gatewayMs: { median: +g.median.toFixed(1), p99: +g.p99.toFixed(1) },
    gatewayOutcomesOnlyMs: { median: +o.median.toFixed(1), p99: +o.p99.toFixed(1) },
    inProcessEngineMs: { median: +d.median.toFixed(1), p99: +d.p99.toFixed(1) },
    ratioGatewayToEngine: +(g.median / d.median).toFixed(2),
    sqlStatementsPerRequest: { min: Math.min(...statements), max: Math.max(...statements) },
    // Of the measured full-decision requests' decisions: what the engine decided, and how many matched an agreement.
    decisions: { ...outcomes, withAgreement },
  };
  console.log(JSON.stringify(report, null, 2));
  await platform.stop();
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
