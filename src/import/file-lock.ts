import { createHash } from "node:crypto";
import path from "node:path";
import pg from "pg";
import type { Orm } from "../platform/database/orm";

/** Another run is importing the same file: refused before its checkpoint or rejected-rows file is touched. */
export class ImportAlreadyRunning extends Error {
  readonly code = "IMPORT_RUNNING";

  constructor(file: string) {
    super(`another import of ${file} is running; wait for it or stop it`);
  }
}

export interface FileImportLock {
  release(): Promise<void>;
}

/**
 * The advisory lock key of a file: 64 bits of a hash of its absolute path, so that two paths collide
 * about never (the migrations' lock, 7261000, included).
 */
const lockKey = (absolute: string): string => createHash("sha256").update(`yrd-import:${absolute}`).digest().readBigInt64BE(0).toString();

/**
 * Holds, for one run, a PostgreSQL session advisory lock on the file being imported, keyed by its
 * absolute path: the rejected-rows file is named after the path, so two runs of one file, in whatever
 * kind, format or encoding, would otherwise cut and delete each other's lines. The lock lives on a
 * connection of its own, outside the pool whose connections the batches take in turn, and dies with
 * it: a process killed with -9 leaves no lock behind once PostgreSQL sees its connection close.
 * Throws ImportAlreadyRunning at once when another run holds it.
 */
export async function lockFileImport(orm: Orm, file: string): Promise<FileImportLock> {
  const client = new pg.Client({ connectionString: orm.config.get("clientUrl"), application_name: "yrd-import-lock" });
  // Losing this connection ends the run's exclusivity, not the run: its batches report a lost
  // database on their own connections, and the checkpoint, moved only from where this run left it,
  // still stops a second run before it doubles anything.
  client.on("error", () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1::bigint) as locked", [lockKey(path.resolve(file))]);
    if (!rows[0]!.locked) throw new ImportAlreadyRunning(file);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  // Closing the session releases its advisory locks: no unlock to forget, none held by a pooled connection.
  return { release: () => client.end().catch(() => undefined) };
}
