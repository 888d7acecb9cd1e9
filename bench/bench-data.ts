import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { generateCertificates, generateEnterprises, generateInstitutions, sizesFor } from "../src/demo/generator";
import { generateAgreements } from "../src/demo/agreements.generator";
import { generateMetrologyResults } from "../src/demo/metrology.generator";
import { generateStandards } from "../src/demo/standards.generator";
import { ensureDatabase } from "../src/platform/database/database";
import { writeRecords } from "../src/import/file-writer";
import type { ImportSummary } from "../src/import/run-import";

export const BENCH_SEED = 20261125;

/**
 * The Node flags `npm run import` starts the CLI with (package.json's "import" script). A 64 MB young
 * generation: the rows of the batches in flight die young instead of being copied out and promoted,
 * and garbage collection took 190 ms of an import of 50,000 certificates instead of 300.
 */
export const IMPORT_NODE_FLAGS = ["--max-semi-space-size=64"];
export const IMPORT_ORDER = ["institutions", "standards", "enterprises", "certificates", "metrology", "agreements"] as const;

/**
 * The bench works in a database of its own on the server of BENCH_DATABASE_URL (or DATABASE_URL),
 * named after its size, so that it never touches the platform's data and a loaded size is reused.
 */
export async function benchDatabase(serverUrl: string, certificates: number, fresh: boolean): Promise<string> {
  const name = `yrd_bench_${certificates}`;
  if (fresh) {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  }
  await ensureDatabase(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The dataset files (deterministic for the seed), written once per size under .data/bench/. */
export async function datasetFiles(certificates: number): Promise<Record<string, string>> {
  const dir = path.resolve(".data", "bench", `${certificates}-${BENCH_SEED}`);
  const files = Object.fromEntries(IMPORT_ORDER.map((kind) => [kind, path.join(dir, `${kind}.ndjson`)]));
  // The marker is written last: files of an interrupted generation are written again, never reused.
  const complete = path.join(dir, "COMPLETE");
  if (existsSync(complete)) {
    // Datasets generated before the agreements joined them get theirs (two records) without a new generation.
    if (!existsSync(files.agreements!)) await writeRecords(files.agreements!, "ndjson", agreements());
    return files;
  }
  mkdirSync(dir, { recursive: true });
  const options = sizesFor(certificates, BENCH_SEED);
  const holders = [...generateEnterprises(options)];
  await writeRecords(files.institutions!, "ndjson", generateInstitutions());
  await writeRecords(files.standards!, "ndjson", generateStandards() as unknown as Record<string, unknown>[]);
  await writeRecords(files.enterprises!, "ndjson", holders);
  await writeRecords(files.certificates!, "ndjson", generateCertificates(options, holders));
  await writeRecords(files.metrology!, "ndjson", generateMetrologyResults(options, holders) as unknown as Iterable<Record<string, unknown>>);
  await writeRecords(files.agreements!, "ndjson", agreements());
  writeFileSync(complete, new Date().toISOString());
  return files;
}

/** The recognition agreements W2's decisions are matched against (the demo's: YRD-2020 and a lapsed pilot). */
const agreements = () => generateAgreements() as unknown as Record<string, unknown>[];

/**
 * `node --max-semi-space-size=64 dist/src/cli/import.js <file> --json` as a child process: the CLI
 * exactly as `npm run import` runs it.
 */
export function importCli(databaseUrl: string, file: string, extra: string[] = []): Promise<ImportSummary & { wallSeconds: number }> {
  const cli = path.resolve(__dirname, "../src/cli/import.js");
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...IMPORT_NODE_FLAGS, cli, file, "--json", "--progress-every", "10000", ...extra], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const progress = chunk.toString().split("\n").filter((l) => l.startsWith("progress"));
      if (progress.length) process.stdout.write(progress.map((l) => `  ${l}\n`).join(""));
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`import of ${file} exited with ${code}`));
      resolve({ ...(JSON.parse(out.trim().split("\n").pop()!) as ImportSummary), wallSeconds: (Date.now() - started) / 1000 });
    });
  });
}

/** Loads every file through the CLI; files already imported completely are skipped by the CLI itself. */
export async function loadDataset(databaseUrl: string, files: Record<string, string>): Promise<Record<string, ImportSummary & { wallSeconds: number }>> {
  const loaded: Record<string, ImportSummary & { wallSeconds: number }> = {};
  for (const kind of IMPORT_ORDER) {
    console.log(`loading ${kind} from ${files[kind]}`);
    loaded[kind] = await importCli(databaseUrl, files[kind]!);
    const s = loaded[kind]!;
    console.log(s.alreadyDone ? `  already loaded (${s.accepted} rows)` : `  ${s.accepted} accepted, ${s.rejected} rejected, ${Math.round(s.rowsPerSecond)} rows/s`);
    if (s.rejected) throw new Error(`the bench dataset should load without rejections; see ${s.rejectedFile}`);
  }
  return loaded;
}
