import "./bench-env";
import "reflect-metadata";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { signToken } from "../src/platform/auth/viewer";
import { loadConfig } from "../src/platform/config";
import { ProvinceCode } from "../src/platform/province";
import { migrateWithLock } from "../src/platform/database/database";
import { startEmbeddedPostgres } from "../src/platform/database/embedded-postgres";
import { initOrm } from "../src/platform/database/orm";
import { startPlatform } from "../src/start-platform";
import { serveGateway } from "../src/gateway/gateway-server";
import { createSubgraphs } from "../src/subgraphs/catalog";
import { syncHolderNames } from "../src/subgraphs/certification/holder-names.service";
import { benchDatabase, datasetFiles, loadDataset } from "./bench-data";
import type { BenchContext, WorkloadResult } from "./context";
import { machine, writeReport, type Report } from "./report";
import { runW1 } from "./w1-regulator-search";
import { runW3 } from "./w3-import";
import { runW5 } from "./w5-lookup";

const USAGE = `usage: npm run bench -- [--certificates 1000000] [--workloads w1,w2,w3,w4,w5] [--seconds 10] [--connections 10]
       [--samples 500] [--fresh]
Loads the dataset (through the import CLI) into database yrd_bench_<certificates> on the server of
BENCH_DATABASE_URL (or DATABASE_URL; with neither, an embedded PostgreSQL kept in .data/bench/pg),
reusing it when already loaded, then measures each workload and writes bench/results/latest.md and
latest.json.`;

/**
 * The PostgreSQL server the bench creates its database on: the one named in the environment, or, on a
 * machine with none (as `npm start` and `npm test` allow), an embedded one whose data is kept, so a
 * loaded dataset is reused by the next run.
 */
async function benchServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (url) return { url, stop: async () => {} };
  const dir = path.resolve(".data", "bench", "pg");
  console.log(`no BENCH_DATABASE_URL or DATABASE_URL: starting an embedded PostgreSQL in ${dir}`);
  return startEmbeddedPostgres({ dir, persistent: true });
}

const WORKLOADS: Record<string, (ctx: BenchContext) => Promise<WorkloadResult>> = { w1: runW1, w3: runW3, w5: runW5 };

/** W2 and W4 are scripts of their own (bench/w2-*.ts, bench/w4-*.ts): run against the bench database, their output is quoted. */
function separateScript(name: string, databaseUrl: string, certificates: number): string | null {
  const file = path.join(__dirname, `${name}.js`);
  if (!existsSync(file)) return null;
  // As the services run (a 64 MB young generation), with gc() exposed: W4 measures the server's heap after a collection.
  const run = spawnSync(process.execPath, ["--max-semi-space-size=64", "--expose-gc", file], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_CERTIFICATES: String(certificates), LOG_LEVEL: "warn" },
    encoding: "utf8",
    timeout: 15 * 60_000,
  });
  return `exit ${run.status}\n${run.stdout}${run.stderr ? `\n${run.stderr}` : ""}`.trim();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      certificates: { type: "string", default: "1000000" },
      workloads: { type: "string", default: "w1,w2,w3,w4,w5" },
      seconds: { type: "string", default: "10" },
      connections: { type: "string", default: "10" },
      samples: { type: "string", default: "500" },
      fresh: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const server = await benchServer();
  try {
    await measure(server.url, values);
  } finally {
    await server.stop();
  }
}

async function measure(serverUrl: string, values: { certificates: string; workloads: string; seconds: string; connections: string; samples: string; fresh: boolean }): Promise<void> {
  const options = { certificates: Number(values.certificates), seconds: Number(values.seconds), connections: Number(values.connections), samples: Number(values.samples) };
  const selected = values.workloads.split(",").map((w) => w.trim().toLowerCase()).filter(Boolean);
  const startedAt = new Date().toISOString();

  const databaseUrl = await benchDatabase(serverUrl, options.certificates, values.fresh);
  console.log(`bench database: ${databaseUrl.replace(/\/\/[^@]*@/, "//***@")}`);
  const files = await datasetFiles(options.certificates);
  const modules = createSubgraphs();
  const orm = await initOrm({ clientUrl: databaseUrl, entities: modules.flatMap((m) => m.entities), poolMax: 20 });
  await migrateWithLock(orm, databaseUrl);
  const loaded = await loadDataset(databaseUrl, files);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.connections + 2, idleTimeoutMillis: 600_000 });
  if (Object.values(loaded).some((l) => !l.alreadyDone)) {
    // Vacuumed as well as analysed: a server with autovacuum on (the embedded one, most others) would
    // otherwise spend the next minutes vacuuming the freshly loaded tables beside the measurements,
    // and the first reads would pay for setting the rows' hint bits.
    console.log("vacuum (analyze) of the loaded database ...");
    await pool.query("vacuum (analyze)");
    // The load and the vacuum leave up to shared_buffers of dirty pages; written now, not by the
    // checkpointer beside the first measurements (the first W3 after a load measured 7% lower).
    // CHECKPOINT needs a superuser or pg_checkpoint: without either the bench goes on.
    await pool.query("checkpoint").catch((error: Error) => console.log(`no checkpoint after the load (${error.message})`));
  }

  // Before the platform starts: a database migrated to the holder-name copies catches up with its
  // outbox once (12 s for the 2.6 million events of the full dataset), which its background sync would do
  // beside the first measurements.
  while ((await syncHolderNames(orm.em.fork())).more);
  const platform = await startPlatform(orm, modules, { port: 0, host: "127.0.0.1", inProcess: true });
  const httpGateway = await serveGateway({ supergraph: platform.supergraph, port: 0, host: "127.0.0.1" });
  const secret = loadConfig().jwtSecret;
  const ctx: BenchContext = {
    orm, pool, databaseUrl, gatewayUrl: platform.gateway.url, httpGatewayUrl: httpGateway.url, supergraph: platform.supergraph,
    subgraphUrls: Object.fromEntries(Object.entries(platform.subgraphs).map(([name, s]) => [name, s.url])),
    tokens: { regulatorZJ: signToken({ sub: "bench", role: "regulator", province: ProvinceCode.ZJ }, secret), admin: signToken({ sub: "bench", role: "admin" }, secret) },
    options,
  };
  const postgres = ((await pool.query("select version() as v")).rows[0].v as string).split(" on ")[0]!;
  const settings = await pool.query<{ name: string; value: string }>(
    `select name, current_setting(name) as value from unnest(array['shared_buffers', 'max_wal_size', 'fsync', 'synchronous_commit', 'autovacuum']) with ordinality as s(name, n) order by n`,
  );
  const postgresSettings = settings.rows.map((r) => `${r.name} ${r.value}`).join(", ");
  const report: Report = {
    startedAt, finishedAt: "", machine: machine(postgres, postgresSettings), workloads: [], scripts: [], skipped: [],
    settings: { ...options, args: process.argv.slice(2).join(" ") },
    dataset: Object.fromEntries(Object.entries(loaded).map(([kind, l]) => [kind, l.accepted])),
    load: Object.fromEntries(Object.entries(loaded).map(([kind, l]) => [kind, { rows: l.rows, seconds: l.seconds, rowsPerSecond: l.rowsPerSecond, alreadyLoaded: l.alreadyDone }])),
  };
  try {
    for (const id of selected) {
      const run = WORKLOADS[id];
      if (!run) continue;
      console.log(`running ${id.toUpperCase()} ...`);
      try {
        const result = await run(ctx);
        report.workloads.push(result);
        for (const v of result.variants) {
          // A single statement (W3's COPY and INSERT lines) has a rate and no latency distribution.
          const latency = Number.isNaN(v.latency.p50) ? [] : [`p50 ${v.latency.p50} ms`, `p99 ${v.latency.p99} ms`];
          const rates = [v.throughput && `${v.throughput.requestsPerSecond} req/s`, v.rowsPerSecond && `${v.rowsPerSecond} rows/s`].filter(Boolean);
          console.log(`  ${v.name}: ${[...latency, ...rates].join(", ")}`);
        }
        console.log(`  ratios ${JSON.stringify(result.ratios)}`);
      } catch (error) {
        console.error(`${id} failed: ${(error as Error).stack}`);
        report.skipped.push(`${id.toUpperCase()} failed: ${(error as Error).message}`);
      }
    }
  } finally {
    await httpGateway.stop();
    await platform.stop();
  }
  for (const [id, script] of [["w2", "w2-verify-recognition"], ["w4", "w4-subscriptions"]] as const) {
    if (!selected.includes(id)) {
      report.skipped.push(`${id.toUpperCase()}: not selected (--workloads); its own script is bench/${script}.ts.`);
      continue;
    }
    console.log(`running ${script} ...`);
    const output = separateScript(script, databaseUrl, options.certificates);
    if (output === null) report.skipped.push(`${id.toUpperCase()}: bench/${script}.ts is not there.`);
    else report.scripts.push({ id: id.toUpperCase(), script, output });
  }
  report.finishedAt = new Date().toISOString();
  console.log(`wrote ${writeReport(report)}`);
  await pool.end();
  await orm.close(true);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
