import "reflect-metadata";
import { loadConfig } from "../platform/config";
import { openDatabase } from "../platform/database/database";
import { logger } from "../platform/logger";
import { createSubgraphs } from "../subgraphs/catalog";
import { loadDemoDataIfEmpty } from "../demo/demo-data";

/** `node dist/src/cli/seed.js`: migrates, then loads the demo dataset if the database is empty. */
async function main(): Promise<void> {
  const database = await openDatabase(loadConfig(), createSubgraphs().flatMap((m) => m.entities), { migrate: true });
  const loaded = await loadDemoDataIfEmpty(database.orm);
  logger.info(loaded ? "demo data loaded" : "database already has data; nothing loaded");
  await database.close();
}

main().catch((error) => {
  logger.fatal({ err: error }, "seed failed");
  process.exit(1);
});
