import "../import/cli-env";
import "reflect-metadata";
import { statSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../platform/config";
import { openDatabase } from "../platform/database/database";
import { createSubgraphs } from "../subgraphs/catalog";
import { kindNames } from "../import/kinds";
import { resolveKindAndFormat } from "../import/preflight";
import { DEFAULT_PIPELINE, runImport, type ImportSummary } from "../import/run-import";
import type { FileFormat } from "../import/source";
import { ENCODING_NAMES, codecFor, parseEncodingName } from "../import/text-encoding";

/** Rows per batch transaction unless --batch-size says otherwise. */
const DEFAULT_BATCH_SIZE = 2000;

const USAGE = `usage: npm run import -- <file> [--kind ${kindNames().join("|")}] [--format ndjson|csv]
       [--encoding ${ENCODING_NAMES.join("|")}] [--batch-size ${DEFAULT_BATCH_SIZE}] [--pipeline ${DEFAULT_PIPELINE}] [--restart] [--progress-every <ms>] [--json]
Streams <file> into DATABASE_URL (or the embedded database of npm start) through the import services,
in one transaction per batch (--pipeline: batches in flight at once, committing in file order).
Re-run the same command after an interruption to resume.`;

/** A command line that cannot run: nothing was read or written (exit code 2, as for a missing file argument). */
class UsageError extends Error {}

function describe(s: ImportSummary): string {
  const lines = s.alreadyDone
    ? [`${s.file} was already imported completely (${s.rows} rows: ${s.accepted} accepted, ${s.rejected} rejected${s.replaced ? `, ${s.replaced} replaced by a later row` : ""}); nothing to do. Use --restart to import it again.`]
    : [
        `imported ${s.file} as ${s.kind} (${s.format}${s.encoding === "utf8" ? "" : `, ${codecFor(s.encoding).label}`})${s.resumedFromRow ? `, resumed after row ${s.resumedFromRow}` : ""}`,
        `  rows ${s.rows}: accepted ${s.accepted}, rejected ${s.rejected}${s.replaced ? `, replaced by a later row of the same key ${s.replaced}` : ""}`,
        `  this run: ${s.rowsThisRun} rows in ${s.seconds.toFixed(1)} s (${Math.round(s.rowsPerSecond)} rows/s)`,
        ...(s.rejectedFile ? [`  rejected rows with their codes: ${s.rejectedFile}`] : []),
      ];
  if (s.rejectedFileIncomplete) {
    lines.push(`  warning: ${s.file}.rejected.ndjson was deleted, cut short or replaced (by another import of the same file?) since an earlier run: rows refused then are counted above but not all listed in it (--restart lists every one again)`);
  }
  return lines.join("\n");
}

/**
 * Set once the import's checkpoint is open: only then can a failure or an interruption have left
 * committed batches to resume after. Before (the database unreachable, the file refused or being
 * imported by another run), saying so would send the operator after batches that do not exist.
 */
let jobOpened = false;

// Output piped into a reader that stops early (`| head`): the import goes on, its lines unread, rather
// than die mid-file on the first progress line it can no longer write.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

async function main(): Promise<number> {
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        allowPositionals: true,
        options: {
          kind: { type: "string" },
          format: { type: "string" },
          encoding: { type: "string", default: "utf8" },
          "batch-size": { type: "string", default: String(DEFAULT_BATCH_SIZE) },
          pipeline: { type: "string", default: String(DEFAULT_PIPELINE) },
          restart: { type: "boolean", default: false },
          "progress-every": { type: "string" },
          json: { type: "boolean", default: false },
          help: { type: "boolean", default: false },
        },
      });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  })();
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const batchSize = Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError("--batch-size must be an integer from 1 to 10000");
  const encoding = parseEncodingName(values.encoding!);
  if (!encoding) throw new UsageError(`--encoding must be ${ENCODING_NAMES.join(" or ")} (gbk and gb2312 read as gb18030), not "${values.encoding}"`);
  const pipeline = Number(values.pipeline);
  if (!Number.isInteger(pipeline) || pipeline < 1 || pipeline > 4) throw new UsageError("--pipeline must be an integer from 1 to 4");
  const tty = !!process.stdout.isTTY;
  const intervalMs = values["progress-every"] !== undefined ? Number(values["progress-every"]) : tty ? 200 : 5000;
  if (!Number.isFinite(intervalMs) || intervalMs < 0) throw new UsageError("--progress-every must be a number of milliseconds");

  // Before any database is opened: fail fast, having touched nothing.
  const file = positionals[0]!;
  const format = values.format as FileFormat | undefined;
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`${file} is not a file`);
  try {
    resolveKindAndFormat({ file, kind: values.kind, format });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // Ctrl-C or a stop request: the database rolls back the batch in flight when the connection drops,
  // and the terminal gets back the cursor and line wrapping the progress bar turned off.
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.once(signal, () => {
      if (tty) process.stdout.write("\x1b[?25h\x1b[?7h\n");
      console.error(jobOpened
        ? `import interrupted (${signal}): every batch before it is stored; the same command resumes from there.`
        : `import interrupted (${signal}) before it began: nothing was imported.`);
      process.exit(code);
    });
  }
  const database = await openDatabase(loadConfig(), createSubgraphs().flatMap((m) => m.entities), { migrate: true });
  try {
    const summary = await runImport(database.orm, {
      file,
      kind: values.kind,
      format,
      encoding,
      batchSize,
      pipeline,
      restart: values.restart,
      // The operator of the CLI holds the database credentials: it imports with every right.
      viewer: { role: "admin", sub: "import-cli" },
      progress: { tty, intervalMs },
      onJobOpened: () => (jobOpened = true),
    });
    console.log(describe(summary));
    if (values.json) console.log(JSON.stringify(summary));
  } finally {
    await database.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) {
      console.error(`import: ${error.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(`import failed: ${(error as Error).message}`);
    if (jobOpened) console.error("Every batch before the failure is stored; after fixing the cause, the same command resumes from there.");
    process.exit(1);
  },
);
