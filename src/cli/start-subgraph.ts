// Tracing first: it must patch node:http before anything requires it.
import "../platform/observability/tracing";
import "reflect-metadata";
import { loadConfig } from "../platform/config";
import { openDatabase } from "../platform/database/database";
import { buildSubgraph } from "../platform/graphql/build-subgraph-schema";
import { serveSubgraph } from "../platform/graphql/subgraph-server";
import { logger } from "../platform/logger";
import { onShutdown } from "../platform/observability/lifecycle";
import { createSubgraphs, subgraphNames } from "../subgraphs/catalog";

/**
 * `npm run start:subgraph -- <name>`: one subgraph as its own service (split deployment), on PORT
 * (default 4001). It migrates the shared database under a lock, so services may start in any order.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) throw new Error(`usage: start:subgraph -- <${subgraphNames().join("|")}>`);
  process.env.PORT ??= "4001";
  const config = loadConfig();
  // Each service of the split deployment would otherwise start its own embedded database.
  if (!config.databaseUrl) throw new Error("The split deployment needs DATABASE_URL: every service shares one PostgreSQL");
  const [module] = createSubgraphs([name]);
  const database = await openDatabase(config, module!.entities, { migrate: true });
  const built = await buildSubgraph(module!);
  await module!.start?.(database.orm);
  const server = await serveSubgraph(built, database.orm, { port: config.port, host: config.host });
  // SIGTERM: /readyz 503, subscriptions closed with 1012, in-flight requests answered, then the pool closed.
  onShutdown(async () => {
    await server.stop();
    await module!.stop?.();
    await database.close();
  });
}

main().catch((error) => {
  logger.fatal({ err: error }, "subgraph start failed");
  process.exit(1);
});
