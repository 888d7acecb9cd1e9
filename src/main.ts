// Tracing first: it must patch node:http before anything requires it.
import "./platform/observability/tracing";
import "reflect-metadata";
import { loadConfig } from "./platform/config";
import { openDatabase } from "./platform/database/database";
import { logger } from "./platform/logger";
import { createSubgraphs } from "./subgraphs/catalog";
import { startPlatform } from "./start-platform";
import { loadDemoDataIfEmpty } from "./demo/demo-data";
import { onShutdown } from "./platform/observability/lifecycle";

/** One process: database (embedded when DATABASE_URL is unset) -> migrations -> demo data -> subgraphs -> gateway. */
async function main(): Promise<void> {
  const config = loadConfig();
  const modules = createSubgraphs();
  const database = await openDatabase(config, modules.flatMap((m) => m.entities), { migrate: true });
  if (config.demoData) await loadDemoDataIfEmpty(database.orm);
  const platform = await startPlatform(database.orm, modules, { port: config.port, host: config.host });
  if (config.jwtSecretGenerated) {
    logger.warn(`AUTH_JWT_SECRET is unset: using the development secret kept in ${config.dataDir}/jwt-secret (npm run token signs with it)`);
  }
  logger.info(`yrd-recognition ready: ${platform.gateway.url}`);

  // SIGTERM: /readyz 503, subscriptions closed with 1012, in-flight requests answered, then the pool closed.
  onShutdown(async () => {
    await platform.stop();
    await database.close();
  });
}

main().catch((error) => {
  logger.fatal({ err: error }, "start failed");
  process.exit(1);
});
