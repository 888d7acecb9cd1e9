import "reflect-metadata";
import { loadConfig } from "../platform/config";
import { openDatabase } from "../platform/database/database";
import { logger } from "../platform/logger";
import { createSubgraphs } from "../subgraphs/catalog";

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
async function main(): Promise<void> {
  const database = await openDatabase(loadConfig(), createSubgraphs().flatMap((m) => m.entities), { migrate: true });
  logger.info("database is at the latest migration");
  await database.close();
}

main().catch((error) => {
  logger.fatal({ err: error }, "migration failed");
  process.exit(1);
});
