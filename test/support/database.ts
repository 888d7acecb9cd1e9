import { randomBytes } from "node:crypto";
import pg from "pg";
import { initOrm, migrate, type Orm } from "../../src/platform/database/orm";
import { createSubgraphs } from "../../src/subgraphs/catalog";

export interface TestDatabase {
  url: string;
  orm: Orm;
  drop(): Promise<void>;
}

const serverUrl = (): string => {
  const url = process.env.TEST_DATABASE_SERVER_URL;
  if (!url) throw new Error("TEST_DATABASE_SERVER_URL is unset: run the tests through jest (globalSetup)");
  return url;
};

export function databaseUrl(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database of its own for one test file, dropped at the end. `migratedTo`: only up
 * to that migration, for a test of the ones after it (`orm.getMigrator().up()` applies them).
 */
export async function createTestDatabase(options: { migratedTo?: string } = {}): Promise<TestDatabase> {
  const name = `yrd_test_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = databaseUrl(name);
  const orm = await initOrm({ clientUrl: url, entities: createSubgraphs().flatMap((m) => m.entities) });
  if (options.migratedTo) await orm.getMigrator().up({ to: options.migratedTo });
  else await migrate(orm);
  return {
    url,
    orm,
    drop: async () => {
      await orm.close(true);
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
