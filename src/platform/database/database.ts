import path from "node:path";
import pg from "pg";
import type { EntityClass } from "@mikro-orm/core";
import type { Config } from "../config";
import { logger } from "../logger";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { initOrm, migrate, type Orm } from "./orm";
import { observePool } from "../observability/pool-metrics";
import { routeReads } from "./replicas";

export interface Database {
  url: string;
  orm: Orm;
  close(): Promise<void>;
}

/** DATABASE_URL when set; otherwise a real embedded PostgreSQL whose data stays in DATA_DIR/pg. */
export async function resolveDatabaseUrl(config: Config): Promise<{ url: string; stop: () => Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => {} };
  const embedded = await startEmbeddedPostgres({ dir: path.join(config.dataDir, "pg"), persistent: true });
  const url = embedded.url.replace(/\/postgres$/, "/yrd");
  await ensureDatabase(embedded.url, "yrd");
  return { url, stop: embedded.stop };
}

export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!exists.rowCount) await client.query(`create database "${name.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
}

/**
 * Migrations under a session advisory lock: several processes of the split deployment may start at
 * once on one database, and only one of them may migrate it.
 */
export async function migrateWithLock(orm: Orm, url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(7261000)");
    return await migrate(orm);
  } finally {
    await client.query("select pg_advisory_unlock(7261000)").catch(() => undefined);
    await client.end();
  }
}

export async function openDatabase(config: Config, entities: EntityClass<unknown>[], options: { migrate: boolean }): Promise<Database> {
  const server = await resolveDatabaseUrl(config);
  const orm = await initOrm({ clientUrl: server.url, entities, replicaUrls: config.databaseReplicaUrls });
  if (options.migrate) await migrateWithLock(orm, server.url);
  logger.info({ database: server.url.replace(/\/\/[^@]*@/, "//***@") }, "database ready");
  const forgetPool = observePool(orm);
  const router = config.databaseReplicaUrls.length ? routeReads(orm, { primaryUrl: server.url, replicaUrls: config.databaseReplicaUrls }) : undefined;
  return {
    url: server.url,
    orm,
    close: async () => {
      forgetPool();
      await router?.close();
      await orm.close(true);
      await server.stop();
    },
  };
}
