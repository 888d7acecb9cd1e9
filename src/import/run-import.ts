import { rmSync, statSync } from "node:fs";
import type { Viewer } from "../platform/auth/viewer";
import type { Orm } from "../platform/database/orm";
import { transaction } from "../platform/database/transaction";
import { appendChangesAfter } from "../platform/feed/outbox";
import { advanceJob, fileKey, finishJob, markRejectedIncomplete, openJob } from "./checkpoint";
import { readCsv } from "./csv-reader";
import { lockFileImport } from "./file-lock";
import { FileExtent } from "./file-extent";
import { csvCellType, type ImportKind } from "./kinds";
import { readNdjsonChunks } from "./ndjson-reader";
import { isRecord, unknownField } from "./record-fields";
import { checkFile, resolveKindAndFormat } from "./preflight";
import { importRows } from "./row-faults";
import { BatchPipeline } from "./pipeline";
import { createProgress, type ProgressState } from "./progress";
import { RejectedWriter, rejectedFileIntact, type RejectedRow } from "./rejected-writer";
import { inChunks, RowTaker } from "./row-chunks";
import { scanRepeatedKeys, type RepeatedKeys } from "./repeated-keys";
import type { FileFormat, SourceRow } from "./source";
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
   * Batches in flight at once (default 3): the next batch is validated and written while the one
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

interface Batch {
  rows: SourceRow[];
  /** The kind's keys of the rows the batch sends: the pipeline holds back a batch sharing one with a batch in flight. */
  keys: Set<string>;
  /** Rows of the batch that a later row of the file replaces (see scanRepeatedKeys). */
  replaced: Set<SourceRow>;
  endOffset: number;
  lastRow: number;
}

export const DEFAULT_PIPELINE = 3;

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
  // The file as it was when its key was taken: the scan and the batches read the same rows, and the
  // checkpoint never points past the size it records. Rows appended since are the next run's.
  const extent = new FileExtent(file.absolute, file.size);
  const cellType = csvCellType(kind);
  const read = (from: { startOffset: number; startRow: number }) =>
    format === "csv" ? inChunks(readCsv(file.absolute, { ...from, encoding, extent }, cellType)) : readNdjsonChunks(file.absolute, { ...from, encoding, extent });
  const keyOf = (record: unknown): string | null => (kind.key && isRecord(record) ? kind.key(record) : null);
  // The whole file, on every run (a resumed one too): its keys' last rows are what gets stored.
  let repeats: RepeatedKeys | null = null;
  if (kind.key) {
    progress.note(`reading ${options.file} for keys it repeats (a key's last row is the one imported) ...`);
    repeats = await scanRepeatedKeys(read({ startOffset: 0, startRow: 0 }), keyOf);
  }

  const writer = new RejectedWriter(rejectedPath, rejectedMark);
  rejectedFileIncomplete = job.rejectedIncomplete || writer.incomplete;
  const source = new RowTaker(read({ startOffset: job.byteOffset, startRow: job.rowsRead }));

  // No key comes twice into batches: a key's earlier rows are replaced (see scanRepeatedKeys), and
  // the scan and the batches read keys alike, so the service never meets DUPLICATE_IN_BATCH.
  const nextBatch = async (): Promise<Batch> => {
    const rows = await source.take(options.batchSize);
    const keys = new Set<string>();
    const replacedRows = new Set<SourceRow>();
    for (const row of rows) {
      const key = keyOf(row.record);
      if (key !== null && repeats?.replacedLater(row.row, key)) replacedRows.add(row);
      else if (key !== null) keys.add(key);
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
    await source.close();
  }
  return summary(state, false);
}
