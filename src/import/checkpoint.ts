import { createHash } from "node:crypto";
import { open, stat } from "node:fs/promises";
import path from "node:path";
import type { Em } from "../platform/database/orm";
import type { FileFormat } from "./source";
import type { TextEncodingName } from "./text-encoding";

export interface ImportJob {
  id: string;
  byteOffset: number;
  rowsRead: number;
  accepted: number;
  rejected: number;
  rejectedBytes: number;
  /** Fingerprint of the rejected-rows file's end at rejectedBytes (see RejectedWriter). */
  rejectedTail: string | null;
  /** A run found the rejected-rows file deleted, cut or replaced: it no longer lists every refused row. */
  rejectedIncomplete: boolean;
  /** Rows a later row of the same key replaced: neither stored nor refused. */
  replaced: number;
  status: "RUNNING" | "DONE";
  runs: number;
}

const SAMPLE = 64 * 1024;

/**
 * Which file this is: its absolute path, size, time of last change and hashes of its first and last
 * 64 KB. A file edited or regenerated in place gets a new key, and therefore a fresh import (idempotent:
 * rows already stored unchanged write and emit nothing) rather than a resume at an offset that belonged
 * to other contents; the time catches an edit in the middle that keeps the size. A file read in
 * another encoding is another import too: its rows come out different (a UTF-8 key stays as it was
 * before encodings could be chosen, so that no earlier checkpoint is lost).
 */
export async function fileKey(file: string, kind: string, format: FileFormat, encoding: TextEncodingName = "utf8"): Promise<{ key: string; size: number; absolute: string }> {
  const absolute = path.resolve(file);
  const { size, mtimeMs } = await stat(absolute);
  const handle = await open(absolute, "r");
  try {
    const hash = createHash("sha256");
    for (const position of [0, Math.max(0, size - SAMPLE)]) {
      const buf = Buffer.alloc(Math.min(SAMPLE, size));
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      hash.update(buf.subarray(0, bytesRead));
    }
    return { key: `${kind}:${format}${encoding === "utf8" ? "" : `/${encoding}`}:${size}:${Math.trunc(mtimeMs)}:${absolute}:${hash.digest("hex")}`, size, absolute };
  } finally {
    await handle.close();
  }
}

const COLUMNS = `id::text as id, byte_offset::float8 as "byteOffset", rows_read::float8 as "rowsRead", accepted::float8 as accepted,
  rejected::float8 as rejected, rejected_bytes::float8 as "rejectedBytes", rejected_tail as "rejectedTail", rejected_incomplete as "rejectedIncomplete", replaced::float8 as replaced, status, runs`;

/** The job of this file, created at offset 0 the first time; `restart` starts it over. */
export async function openJob(em: Em, file: { key: string; size: number; absolute: string }, kind: string, format: FileFormat, restart: boolean): Promise<ImportJob> {
  const [job] = await em.execute(
    `insert into bulk_import.job (file_key, path, kind, format, file_size) values (?, ?, ?, ?, ?)
     on conflict (file_key) do update set
       runs = job.runs + 1, updated_at = now(),
       byte_offset = case when ? then 0 else job.byte_offset end,
       rows_read = case when ? then 0 else job.rows_read end,
       accepted = case when ? then 0 else job.accepted end,
       rejected = case when ? then 0 else job.rejected end,
       rejected_bytes = case when ? then 0 else job.rejected_bytes end,
       rejected_tail = case when ? then null else job.rejected_tail end,
       rejected_incomplete = case when ? then false else job.rejected_incomplete end,
       replaced = case when ? then 0 else job.replaced end,
       status = case when ? then 'RUNNING' else job.status end,
       finished_at = case when ? then null else job.finished_at end
     returning ${COLUMNS}`,
    [file.key, file.absolute, kind, format, file.size, ...Array<boolean>(10).fill(restart)],
  );
  return job as ImportJob;
}

export interface BatchProgress {
  byteOffset: number;
  rowsRead: number;
  accepted: number;
  rejected: number;
  replaced: number;
  rejectedBytes: number;
  rejectedTail: string | null;
}

/**
 * Moves the checkpoint inside the batch's own transaction, only from where this process expects it to
 * be: a second import of the same file running at once finds it moved and stops instead of doubling.
 */
export async function advanceJob(tx: Em, jobId: string, from: number, to: BatchProgress): Promise<void> {
  const updated: unknown[] = await tx.execute(
    `update bulk_import.job set byte_offset = ?, rows_read = ?, accepted = accepted + ?, rejected = rejected + ?,
       replaced = replaced + ?, rejected_bytes = ?, rejected_tail = ?, updated_at = now()
     where id = ? and byte_offset = ? returning id`,
    [to.byteOffset, to.rowsRead, to.accepted, to.rejected, to.replaced, to.rejectedBytes, to.rejectedTail, jobId, from],
  );
  if (!updated.length) throw new Error("The checkpoint of this file moved under us: another import of the same file is running. Stopping.");
}

/** Remembers that the rejected-rows file no longer lists every row refused before (see RejectedWriter). */
export async function markRejectedIncomplete(em: Em, jobId: string): Promise<void> {
  await em.execute(`update bulk_import.job set rejected_incomplete = true, updated_at = now() where id = ?`, [jobId]);
}

export async function finishJob(em: Em, jobId: string): Promise<void> {
  await em.execute(`update bulk_import.job set status = 'DONE', finished_at = now(), updated_at = now() where id = ?`, [jobId]);
}
