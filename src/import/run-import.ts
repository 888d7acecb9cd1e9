import { rmSync, statSync } from "node:fs";
import type { Viewer } from "../platform/auth/viewer";
import type { Em, Orm } from "../platform/database/orm";
import { transaction } from "../platform/database/transaction";
import type { ImportResult } from "../platform/graphql/import-result.type";
import { appendChangesAfter } from "../platform/feed/outbox";
import { advanceJob, fileKey, finishJob, markRejectedIncomplete, openJob } from "./checkpoint";
import { csvColumns, readCsv } from "./csv-reader";
import { lockFileImport } from "./file-lock";
import { IMPORT_KINDS, inferFromFileName, kindNames, type ImportKind } from "./kinds";
import { readNdjson } from "./ndjson-reader";
import { columnNames, isKnownColumn, unknownField } from "./record-fields";
import { BatchPipeline } from "./pipeline";
import { createProgress, type ProgressState } from "./progress";
import { RejectedWriter, rejectedFileIntact, type RejectedRow } from "./rejected-writer";
import { scanRepeatedKeys, type RepeatedKeys } from "./repeated-keys";
import { checkFileShape, type FileFormat, type SourceRow } from "./source";
import { codecFor, type TextEncodingName } from "./text-encoding";

export interface ImportOptions {
  file: string;
  kind?: string;
  format?: FileFormat;
  /** The file's text encoding (default UTF-8; GB18030 reads GBK and GB2312 too). */
  encoding?: TextEncodingName;
  /** Rows per transaction (the services take up to 10,000). */
  batchSize: number;
  /** Start over even if a checkpoint (or a finished import) of this file exists. */
  restart: boolean;
  /**
   * Batches in flight at once (default 2): the next batch is validated and written while the one
   * before it commits. 1 imports one batch at a time; kinds without a conflict key always do.
   */
  pipeline?: number;
  viewer: Viewer;
  progress: { tty: boolean; intervalMs: number };
  /**
   * Called once the file's checkpoint is open (the database reached, the file this run's alone): only
   * from then on can a failure leave committed batches for the same command to resume after.
   */
  onJobOpened?: () => void;
}

export interface ImportSummary {
  file: string;
  kind: string;
  format: FileFormat;
  encoding: TextEncodingName;
  rows: number;
  accepted: number;
  rejected: number;
  /**
   * Rows whose key (certificate, result, enterprise, institution, standard) a later row of the file
   * has: that later row is the one imported, these are neither stored nor refused.
   */
  replaced: number;
  rejectedFile: string | null;
  /** Rows an earlier, interrupted run had already committed (0 for a fresh import). */
  resumedFromRow: number;
  /** The file had been imported completely before: nothing was read or written. */
  alreadyDone: boolean;
  /** This run only. */
  rowsThisRun: number;
  seconds: number;
  rowsPerSecond: number;
  /** Milliseconds per batch transaction in this run (median and 99th percentile). */
  batchMs: { p50: number; p99: number };
  /**
   * The rejected-rows file was deleted, cut or replaced since an earlier run of this import: rows
   * refused then are counted in `rejected` but not all listed in it (--restart lists every one again).
   */
  rejectedFileIncomplete: boolean;
}

export function resolveKindAndFormat(options: Pick<ImportOptions, "file" | "kind" | "format">): { kind: ImportKind; format: FileFormat } {
  const inferred = inferFromFileName(options.file);
  const kindName = options.kind ?? inferred.kind;
  const format = options.format ?? inferred.format;
  if (!kindName && inferred.ambiguous) {
    throw new Error(`The name of ${options.file} matches several kinds (${inferred.ambiguous.join(", ")}): pass --kind (${kindNames().join("|")})`);
  }
  if (!kindName) throw new Error(`Cannot tell what ${options.file} holds: pass --kind (${kindNames().join("|")})`);
  const kind = IMPORT_KINDS[kindName];
  if (!kind) throw new Error(`Unknown kind "${kindName}"; this build imports ${kindNames().join(", ")}`);
  if (!format) throw new Error(`Cannot tell the format of ${options.file}: pass --format ndjson|csv`);
  if (format !== "ndjson" && format !== "csv") throw new Error(`Unknown format "${String(format)}": ndjson or csv`);
  return { kind, format };
}

/**
 * What can be told of a file before its rows: its shape, and for CSV the header's columns. A file
 * refused here has had nothing imported; the CLI says so since no checkpoint was opened.
 */
async function checkFile(file: string, format: FileFormat, encoding: TextEncodingName, kind: ImportKind): Promise<void> {
  await checkFileShape(file, format, encoding);
  if (format === "ndjson") return checkNdjsonFields(file, encoding, kind);
  // A misspelt column ("Status", "validUnti") would otherwise be dropped from every row unseen.
  // Named in the message: the header's faults are the file's, and a script may import many files.
  const columns = await csvColumns(file, encoding).catch((error: Error) => {
    throw new Error(`${file}: ${error.message}`);
  });
  const unknown = columns.filter((column) => !isKnownColumn(column, kind.fields));
  if (unknown.length) {
    throw new Error(`${file} has columns that ${kind.name} do not have: ${unknown.map((c) => `"${c}"`).join(", ")}; the columns are ${columnNames(kind.fields).join(", ")}`);
  }
}

/** Records sampled from the start of an NDJSON file to tell a file of another kind. */
const SAMPLED_ROWS = 20;

/**
 * A file whose first records all have fields the kind lacks is a file of another kind (a wrong --kind,
 * or a name that misled), as a CSV header with unknown columns is: stopped before any row, naming the
 * kind whose fields they fit, rather than every row refused as UNKNOWN_FIELD with exit code 0. Judged
 * on 20 records, or on fewer (a short file) only when they all fit another kind: a short file of the
 * right kind with a stray field keeps its rows refused one by one.
 */
async function checkNdjsonFields(file: string, encoding: TextEncodingName, kind: ImportKind): Promise<void> {
  const sampled: Record<string, unknown>[] = [];
  const rows = readNdjson(file, { startOffset: 0, startRow: 0, encoding });
  try {
    for await (const row of rows) {
      if (isRecord(row.record)) sampled.push(row.record as Record<string, unknown>);
      if (sampled.length === SAMPLED_ROWS) break;
    }
  } finally {
    await rows.return(undefined);
  }
  const unknown = sampled.map((record) => unknownField(record, kind.fields));
  if (!sampled.length || unknown.some((field) => field === null)) return;
  const fitting = Object.values(IMPORT_KINDS).filter((other) => sampled.every((record) => unknownField(record, other.fields) === null)).map((other) => other.name);
  if (!fitting.length && sampled.length < SAMPLED_ROWS) return;
  const fields = [...new Set(unknown)].slice(0, 5).map((f) => `"${f}"`).join(", ");
  const which = sampled.length === 1 ? "its first record has" : `each of its first ${sampled.length} records has`;
  throw new Error(
    `${file} does not look like ${kind.name}: ${which} a field ${kind.name} do not have (${fields})` +
      (fitting.length ? `; its records fit ${fitting.join(" or ")}: pass --kind ${fitting[0]}` : `; the fields are ${columnNames(kind.fields).join(", ")}`),
  );
}

interface Batch {
  rows: SourceRow[];
  /** The kind's keys of the rows the batch sends: the pipeline holds back a batch sharing one with a batch in flight. */
  keys: Set<string>;
  /** Rows of the batch that a later row of the file replaces (see scanRepeatedKeys). */
  replaced: Set<SourceRow>;
  endOffset: number;
  lastRow: number;
}

export const DEFAULT_PIPELINE = 2;

const isRecord = (value: unknown): boolean => value !== null && typeof value === "object" && !Array.isArray(value);

/** Errors that belong to one malformed row (a wrong type in a field, a value the database refuses), not to the run. */
function isRowFault(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^2[23]/.test(code); // SQLSTATE classes 22 (data) and 23 (constraint)
}

/** What a row fault says: PostgreSQL's own words for a refused value, without the statement knex prefixes. */
function faultMessage(error: unknown): string {
  const message = (error as Error).message;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return `A value has the wrong type: ${message}`;
  const cut = message.lastIndexOf(" - ");
  return `PostgreSQL refused the row: ${cut === -1 ? message : message.slice(cut + 3)}`;
}

/**
 * Sends a batch through the kind's service. A row of the wrong shape (a number where text belongs)
 * makes a service throw rather than reject; then the batch is split in halves, each in its own
 * savepoint, down to the faulty rows, which alone are refused (INVALID_RECORD): a bad row or two per
 * thousand costs some twenty service calls, not a thousand.
 */
async function importRows(tx: Em, kind: ImportKind, records: unknown[], viewer: Viewer, offset = 0): Promise<ImportResult> {
  try {
    const result = await transaction(tx, (inner) => kind.importBatch(inner, records, viewer));
    return { accepted: result.accepted, rejected: result.rejected.map((r) => ({ ...r, index: r.index + offset })) };
  } catch (error) {
    if (!isRowFault(error)) throw error;
    if (records.length === 1) return { accepted: 0, rejected: [{ index: offset, code: "INVALID_RECORD", field: null, message: faultMessage(error) }] };
  }
  const half = Math.ceil(records.length / 2);
  const left = await importRows(tx, kind, records.slice(0, half), viewer, offset);
  const right = await importRows(tx, kind, records.slice(half), viewer, offset + half);
  return { accepted: left.accepted + right.accepted, rejected: [...left.rejected, ...right.rejected] };
}

/**
 * Streams one file into the database in batches. Each batch is one transaction holding its rows, their
 * events and the moved checkpoint, so a run killed at any moment resumes after the last committed batch
 * and, imports being idempotent, even a replayed batch would change nothing.
 */
export async function runImport(orm: Orm, options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const { kind, format } = resolveKindAndFormat(options);
  const encoding = codecFor(options.encoding).name;
  await checkFile(options.file, format, encoding, kind);
  // Before the checkpoint or the rejected-rows file is opened: a second run of the file touches neither.
  const lock = await lockFileImport(orm, options.file);
  try {
    return await importFile(orm, options, { kind, format, encoding, started });
  } finally {
    await lock.release();
  }
}

/** runImport once the file is known to be importable and this run alone imports it. */
async function importFile(orm: Orm, options: ImportOptions, resolved: { kind: ImportKind; format: FileFormat; encoding: TextEncodingName; started: number }): Promise<ImportSummary> {
  const { kind, format, encoding, started } = resolved;
  const em = orm.em.fork();
  const file = await fileKey(options.file, kind.name, format, encoding);
  const job = await openJob(em, file, kind.name, format, options.restart);
  options.onJobOpened?.();
  const rejectedPath = `${options.file}.rejected.ndjson`;
  const batchTimes: number[] = [];
  const percentile = (q: number) => {
    const sorted = [...batchTimes].sort((a, b) => a - b);
    return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!) : 0;
  };
  const summary = (state: ProgressState, alreadyDone: boolean): ImportSummary => {
    const seconds = (Date.now() - started) / 1000;
    const rowsThisRun = state.rows - job.rowsRead;
    return {
      file: options.file, kind: kind.name, format, encoding, rows: state.rows, accepted: state.accepted, rejected: state.rejected, replaced,
      // The file may be gone though rows were refused: deleted since, with none refused after.
      rejectedFile: (statSync(rejectedPath, { throwIfNoEntry: false })?.size ?? 0) > 0 ? rejectedPath : null, resumedFromRow: alreadyDone ? 0 : job.rowsRead, alreadyDone,
      rowsThisRun, seconds, rowsPerSecond: rowsThisRun / Math.max(seconds, 0.001), batchMs: { p50: percentile(0.5), p99: percentile(0.99) },
      rejectedFileIncomplete,
    };
  };
  const state: ProgressState = { bytes: job.byteOffset, totalBytes: file.size, rows: job.rowsRead, accepted: job.accepted, rejected: job.rejected };
  let replaced = job.replaced;
  const rejectedMark = { bytes: job.rejectedBytes, tail: job.rejectedTail };
  let rejectedFileIncomplete = job.rejectedIncomplete || !rejectedFileIntact(rejectedPath, rejectedMark);
  if (job.status === "DONE") return summary(state, true);

  const progress = createProgress({ ...options.progress, startRows: job.rowsRead, startBytes: job.byteOffset });
  const read = (from: { startOffset: number; startRow: number }) =>
    format === "csv" ? readCsv(file.absolute, { ...from, encoding }, kind.numericFields) : readNdjson(file.absolute, { ...from, encoding });
  const keyOf = (record: unknown): string | null => (kind.key && isRecord(record) ? kind.key(record) : null);
  // The whole file, on every run (a resumed one too): its keys' last rows are what gets stored.
  let repeats: RepeatedKeys | null = null;
  if (kind.key) {
    progress.note(`reading ${options.file} for keys it repeats (a key's last row is the one imported) ...`);
    repeats = await scanRepeatedKeys(read({ startOffset: 0, startRow: 0 }), keyOf);
  }

  const writer = new RejectedWriter(rejectedPath, rejectedMark);
  rejectedFileIncomplete = job.rejectedIncomplete || writer.incomplete;
  const source = read({ startOffset: job.byteOffset, startRow: job.rowsRead });

  // No key comes twice into batches: a key's earlier rows are replaced (see scanRepeatedKeys), and
  // the scan and the batches read keys alike, so the service never meets DUPLICATE_IN_BATCH.
  const nextBatch = async (): Promise<Batch> => {
    const rows: SourceRow[] = [];
    const keys = new Set<string>();
    const replacedRows = new Set<SourceRow>();
    while (rows.length < options.batchSize) {
      const next = await source.next();
      if (next.done) break;
      const row = next.value;
      const key = keyOf(row.record);
      if (key !== null && repeats?.replacedLater(row.row, key)) replacedRows.add(row);
      else if (key !== null) keys.add(key);
      rows.push(row);
    }
    const last = rows[rows.length - 1];
    return { rows, keys, replaced: replacedRows, endOffset: last?.endOffset ?? state.bytes, lastRow: last?.row ?? state.rows };
  };

  /**
   * One batch, one transaction. `turn` settles when the batch before this one has committed (or
   * failed): the rows are validated and written meanwhile, but the events (appendChangesAfter), the
   * rejected rows and the checkpoint wait for it, so batches commit strictly in file order and an
   * interrupted run has committed exactly a prefix of the file.
   */
  const commit = async (batch: Batch, turn: Promise<void>): Promise<void> => {
    const sent: SourceRow[] = [];
    const refused: RejectedRow[] = [];
    let replacedHere = 0;
    for (const row of batch.rows) {
      if (row.parseError !== undefined) refused.push({ row: row.row, code: row.parseCode ?? "PARSE_ERROR", field: null, message: row.parseError, raw: row.raw, rawBase64: row.rawBase64 });
      else if (!isRecord(row.record)) refused.push({ row: row.row, code: "INVALID_RECORD", field: null, message: "A row must be one JSON object", record: row.record });
      else {
        const unknown = unknownField(row.record as Record<string, unknown>, kind.fields);
        if (unknown) refused.push({ row: row.row, code: "UNKNOWN_FIELD", field: unknown, message: `${kind.name} have no field ${unknown}`, record: row.record });
        else if (batch.replaced.has(row)) replacedHere++;
        else sent.push(row);
      }
    }
    const counts = { accepted: 0, rejected: 0 };
    const batchStarted = Date.now();
    await transaction(orm.em.fork(), async (tx) => {
      // Safe for a resumable import: the checkpoint commits with the rows, so a batch lost to a
      // database crash is simply read again; it spares a disk flush per batch.
      await tx.execute("set local synchronous_commit = off");
      const result = sent.length
        ? await appendChangesAfter(turn, () => importRows(tx, kind, sent.map((r) => r.record), options.viewer))
        : { accepted: 0, rejected: [] };
      await turn;
      const rejected = [
        ...refused,
        ...result.rejected.map((r) => ({ row: sent[r.index]!.row, code: r.code, field: r.field ?? null, message: r.message, record: sent[r.index]!.record })),
      ].sort((a, b) => a.row - b.row);
      // Written and flushed before the commit. Should the batch not commit, the next run cuts the file
      // back to the length its checkpoint recorded (never here: a failed COMMIT may still have committed).
      writer.append(rejected);
      const { bytes: rejectedBytes, tail: rejectedTail } = writer.mark;
      // From where the batch before left it: that batch has committed (turn), and state follows it.
      await advanceJob(tx, job.id, state.bytes, {
        byteOffset: batch.endOffset, rowsRead: batch.lastRow, accepted: result.accepted, rejected: rejected.length, replaced: replacedHere, rejectedBytes, rejectedTail,
      });
      Object.assign(counts, { accepted: result.accepted, rejected: rejected.length });
    });
    batchTimes.push(Date.now() - batchStarted);
    Object.assign(state, { bytes: batch.endOffset, rows: batch.lastRow, accepted: state.accepted + counts.accepted, rejected: state.rejected + counts.rejected });
    replaced += replacedHere;
    progress.update(state);
  };

  // A pipelined kind has its next batch written while the one before commits (BatchPipeline holds
  // back a batch sharing a key with one in flight); any other kind goes one batch at a time.
  const pipeline = new BatchPipeline(kind.pipelined ? Math.max(1, Math.floor(options.pipeline ?? DEFAULT_PIPELINE)) : 1);

  try {
    // Kept in the checkpoint: once started afresh, the file looks intact to every later run.
    if (writer.incomplete && !job.rejectedIncomplete) await markRejectedIncomplete(em, job.id);
    progress.update(state);
    let batch = await nextBatch();
    while (batch.rows.length) {
      // Read and parse the next batch while the database works on this one.
      const prefetch = nextBatch();
      prefetch.catch(() => undefined);
      const current = batch;
      await pipeline.push(kind.pipelined ? current.keys : null, (turn) => commit(current, turn));
      batch = await prefetch;
    }
    await pipeline.drain();
    await finishJob(em, job.id);
    state.bytes = file.size;
  } catch (error) {
    await pipeline.settle();
    throw error;
  } finally {
    progress.stop(state);
    writer.close();
    // No refused row (this run or a committed earlier one): no file left behind, failed run or not.
    if (writer.bytes === 0) rmSync(rejectedPath, { force: true });
    await source.return(undefined);
  }
  return summary(state, false);
}
