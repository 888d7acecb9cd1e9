import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { generateCertificates, generateEnterprises, sizesFor } from "../src/demo/generator";
import { writeRecords } from "../src/import/file-writer";
import { DEFAULT_PIPELINE } from "../src/import/run-import";
import { BENCH_SEED, importCli } from "./bench-data";
import { postGraphQL, type BenchContext, type WorkloadResult } from "./context";
import { copyFromFile } from "./copy-in";
import { latency, round } from "./measure";

const IMPORT = `mutation($records: [CertificateInput!]!) { importCertificates(records: $records) { accepted rejected { index code } } }`;

/** New certificates for the loaded dataset's enterprises, numbered apart so that every row is an insert. */
function* freshCertificates(certificates: number, count: number, tag: string) {
  const holders = [...generateEnterprises(sizesFor(certificates, BENCH_SEED))];
  for (const record of generateCertificates({ ...sizesFor(count, BENCH_SEED + 1), enterprises: holders.length }, holders)) {
    yield { ...record, number: `${tag}-${record.number}` };
  }
}

/**
 * The staged rows stored straight into certification.certificate, numbered `$1 || number`; `where`
 * takes a share of them (the two-writer run splits them by a hash of the number).
 */
const insertStaged = (where = "true") => `insert into certification.certificate
     (issuer_id, number, kind, scheme, province, holder_uscc, holder_name, scope, standard_codes, issued_on, valid_until, status)
   select s.doc->>'issuerId', $1 || (s.doc->>'number'), s.doc->>'kind', s.doc->>'scheme', i.province, e.uscc, e.name, s.doc->>'scope',
          array(select jsonb_array_elements_text(s.doc->'standardCodes')), (s.doc->>'issuedOn')::date, (s.doc->>'validUntil')::date,
          coalesce(s.doc->>'status', 'ACTIVE')
   from bench.staging_certificate s
   join registry.enterprise e on e.uscc = s.doc->>'holderUscc'
   join registry.institution i on i.id = s.doc->>'issuerId'
   where ${where}`;

/**
 * CLI runs measured, the median reported: one run takes about three seconds, and this guest's speed
 * moved a single run's figure by a sixth between bench runs of the same code (17,000 and 19,800 rows/s).
 */
const CLI_RUNS = 3;

/**
 * Import throughput into the loaded database: the CLI on a file of new certificates, the
 * importCertificates mutation in batches of 1,000 through the gateway, and the physical limit, a raw
 * COPY of the same file into a staging table. The rows are deleted afterwards so runs stay comparable.
 */
export async function runW3(ctx: BenchContext): Promise<WorkloadResult> {
  const rows = Math.min(100_000, Math.max(10_000, Math.round(ctx.options.certificates / 20)));
  const mutationRows = Math.min(20_000, rows);
  const tag = `W3${Date.now().toString(36)}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), "yrd-bench-w3-"));
  // One file per CLI run, each of new certificates; the first is also the one COPY and INSERT store.
  const files = Array.from({ length: CLI_RUNS }, (_, i) => path.join(dir, `certificates-${i + 1}.ndjson`));
  const file = files[0]!;
  const client = new pg.Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  try {
    // Every file written before the first run: the bench's own process then stays idle while the CLI runs.
    for (const [i, runFile] of files.entries()) await writeRecords(runFile, "ndjson", freshCertificates(ctx.options.certificates, rows, `${tag}C${i + 1}`));
    const runs: Awaited<ReturnType<typeof importCli>>[] = [];
    for (const [i, runFile] of files.entries()) {
      console.log(`W3: CLI import of ${rows} new certificates (run ${i + 1} of ${CLI_RUNS})`);
      const run = await importCli(ctx.databaseUrl, runFile);
      if (run.accepted !== rows) throw new Error(`W3: the CLI accepted ${run.accepted} of ${rows}`);
      runs.push(run);
    }
    const cli = [...runs].sort((a, b) => a.rowsPerSecond - b.rowsPerSecond)[Math.floor(CLI_RUNS / 2)]!;
    const cache = (await client.query<{ buffers: string; buffer_bytes: string; table_bytes: string }>(
      `select current_setting('shared_buffers') as buffers, pg_size_bytes(current_setting('shared_buffers')) as buffer_bytes,
              pg_total_relation_size('certification.certificate') as table_bytes`,
    )).rows[0]!;

    console.log(`W3: importCertificates mutation, ${mutationRows} rows in batches of 1,000`);
    const records = [...freshCertificates(ctx.options.certificates, mutationRows, `${tag}M`)];
    const started = performance.now();
    const batchMs: number[] = [];
    for (let i = 0; i < records.length; i += 1000) {
      const batchStarted = performance.now();
      const result = await postGraphQL(ctx.gatewayUrl, IMPORT, { records: records.slice(i, i + 1000) }, ctx.tokens.admin);
      if (result.importCertificates.rejected.length) throw new Error(`W3: mutation rejected ${JSON.stringify(result.importCertificates.rejected.slice(0, 2))}`);
      batchMs.push(performance.now() - batchStarted);
    }
    const mutationSeconds = (performance.now() - started) / 1000;

    console.log("W3: raw COPY of the same file into a staging table");
    await client.query(`create schema if not exists bench`);
    await client.query(`create table if not exists bench.staging_certificate (doc jsonb not null)`);
    await client.query(`truncate bench.staging_certificate`);
    const copyStarted = performance.now();
    // One JSON document per line; quote and delimiter are bytes that never occur in the file.
    const copied = await copyFromFile(client, `copy bench.staging_certificate (doc) from stdin with (format csv, quote e'\\x01', delimiter e'\\x02')`, file);
    const copySeconds = (performance.now() - copyStarted) / 1000;
    if (copied !== rows) throw new Error(`W3: COPY loaded ${copied} of ${rows}`);

    // What the table itself absorbs: the same rows, already in the database, stored with every index of
    // certification.certificate maintained, and nothing else (no validation, no lookups beyond the
    // holder's name and the issuer's province, no status history, no events, no checkpoint). Once by one
    // statement, and once by two at the same time on two connections, half the rows each: the CLI writes
    // from several backends (its batches in flight), so on a 2-core machine the two-writer figure is the
    // table's own ceiling for it. Numbered apart from the CLI's rows and each other, and deleted with them.
    console.log("W3: INSERT ... SELECT of the same rows from the staging table into certification.certificate, one writer then two");
    const insertStarted = performance.now();
    const inserted = await client.query(insertStaged(), [`${tag}T-`]);
    const insertSeconds = (performance.now() - insertStarted) / 1000;
    if (inserted.rowCount !== rows) throw new Error(`W3: INSERT ... SELECT stored ${inserted.rowCount} of ${rows}`);
    const second = new pg.Client({ connectionString: ctx.databaseUrl });
    await second.connect();
    let pairSeconds: number;
    try {
      const pairStarted = performance.now();
      const halves = await Promise.all([client, second].map((c, half) => c.query(insertStaged("hashtext(s.doc->>'number') & 1 = $2"), [`${tag}U-`, half])));
      pairSeconds = (performance.now() - pairStarted) / 1000;
      const stored = halves.reduce((sum, r) => sum + (r.rowCount ?? 0), 0);
      if (stored !== rows) throw new Error(`W3: two INSERT ... SELECT stored ${stored} of ${rows}`);
    } finally {
      await second.end();
    }

    const cliRate = cli.rowsPerSecond;
    const copyRate = rows / copySeconds;
    const insertRate = rows / insertSeconds;
    const pairRate = rows / pairSeconds;
    const mutationRate = mutationRows / mutationSeconds;
    const variant = (name: string, rowsPerSecond: number, seconds: number, n: number, batch: { p50: number; p99: number; mean?: number } | null) => ({
      name, rowsPerSecond: Math.round(rowsPerSecond), seconds: round(seconds, seconds < 1 ? 3 : 1), rows: n,
      latency: { samples: Math.ceil(n / 1000), p50: batch?.p50 ?? NaN, p99: batch?.p99 ?? NaN, mean: batch?.mean ?? NaN },
    });
    return {
      id: "W3",
      title: `Import throughput (rows/s) of new certificates into the loaded database`,
      variants: [
        variant(`CLI, batches of 2,000, ${DEFAULT_PIPELINE} in flight, median of ${CLI_RUNS} runs (${Math.round(rows / cli.wallSeconds)} rows/s counting process start)`, cliRate, cli.seconds, rows, cli.batchMs),
        variant("importCertificates mutation through the gateway, batches of 1,000", mutationRate, mutationSeconds, mutationRows, latency(batchMs)),
        variant("raw COPY into an unindexed staging table (jsonb), one statement", copyRate, copySeconds, rows, null),
        variant("INSERT ... SELECT of the staged rows into certification.certificate (its 8 indexes; no history, events or checks), one statement", insertRate, insertSeconds, rows, null),
        variant("the same INSERT ... SELECT as two statements at once on two connections, half the rows each", pairRate, pairSeconds, rows, null),
      ],
      ratios: {
        "COPY rows/s / CLI rows/s": round(copyRate / cliRate, 1),
        "COPY rows/s / mutation rows/s": round(copyRate / mutationRate, 1),
        "table INSERT rows/s / CLI rows/s": round(insertRate / cliRate, 1),
        "table INSERT by two writers rows/s / CLI rows/s": round(pairRate / cliRate, 1),
      },
      targets: [{ text: "at least 20,000 rows/s through the CLI", met: cliRate >= 20_000 }],
      notes: [
        // Said when it is so: the target then measures the machine, and the CLI's share of the table's speed is the figure to compare.
        ...(pairRate < 20_000
          ? [`On this machine the certificate table itself, written from both cores with nothing else running, took ${Math.round(pairRate).toLocaleString("en-US")} rows/s: below 20,000, so no importer storing these rows with these indexes could meet the target here. The CLI ran at ${Math.round((100 * cliRate) / pairRate)}% of that.`]
          : []),
        // Said when it is so: a server with PostgreSQL's default shared_buffers measures its cache as much as the import.
        ...(Number(cache.buffer_bytes) < Number(cache.table_bytes)
          ? [`The server's shared_buffers (${cache.buffers}) hold ${Math.round((100 * Number(cache.buffer_bytes)) / Number(cache.table_bytes))}% of the certificate table with its indexes (${Math.round(Number(cache.table_bytes) / 2 ** 20)} MB): the inserts read most index pages they change back from the operating system's cache. See the README's Sizing for what larger buffers measured.`]
          : []),
        `The CLI's ${CLI_RUNS} runs, each a file of ${rows.toLocaleString("en-US")} new certificates: ${runs.map((r) => Math.round(r.rowsPerSecond).toLocaleString("en-US")).join(", ")} rows/s; the median is in the table and the ratios.`,
        "Latency for W3 is per batch (one transaction of 2,000 rows for the CLI, one request of 1,000 for the mutation); rows/s is the measure.",
        "The CLI validates every row through importCertificates (the mutation's service) and writes rows, status changes (a new certificate's first status is the certificate's own), outbox events and its checkpoint in one transaction per batch; COPY only stores text.",
        "The INSERT ... SELECT is what one PostgreSQL backend takes to store the same rows in the certificate table with its indexes (the primary key, the unique (number, issuer), four more B-trees and two GIN: trigram search and standards): the table's own write speed on this machine, before anything the import adds. The two-writer line is the same work spread over two backends, as the CLI's batches in flight spread it: what the table takes with both cores of a 2-core machine writing it and nothing else running.",
      ],
    };
  } finally {
    await client.query(
      `with gone as (delete from certification.certificate where number like $1 returning id::text as id)
       delete from outbox.change_event where kind like 'CERTIFICATE%' and subject_id in (select id from gone)`,
      [`${tag}%`],
    ).catch((error) => console.error(`W3 clean-up failed: ${(error as Error).message}`));
    await client.query(`drop table if exists bench.staging_certificate`).catch(() => undefined);
    // The CLI's checkpoints of the temporary files: nothing will resume them.
    await client.query(`delete from bulk_import.job where path = any($1)`, [files.map((f) => path.resolve(f))]).catch((error) => console.error(`W3 clean-up failed: ${(error as Error).message}`));
    // Where autovacuum is off, every run would otherwise leave its rows dead in the table and its indexes
    // (and the status history and outbox): later runs would import into ever larger indexes. Analysed
    // too: a plain VACUUM that skips most pages extrapolates the row count (it left 512,000 of 1,000,000
    // certificates in pg_class), and the next run's W1 and W5 would be planned on that.
    await client.query(`vacuum (analyze) certification.certificate, certification.status_change, outbox.change_event`)
      .catch((error) => console.error(`W3 vacuum failed: ${(error as Error).message}`));
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
