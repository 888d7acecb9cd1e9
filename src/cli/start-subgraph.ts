import "reflect-metadata";
import { loadConfig } from "../platform/config";
import { openDatabase } from "../platform/database/database";
import { buildSubgraph } from "../platform/graphql/build-subgraph-schema";
import { serveSubgraph } from "../platform/graphql/subgraph-server";
import { logger } from "../platform/logger";
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
  const server = await serveSubgraph(await buildSubgraph(module!), database.orm, { port: config.port, host: config.host });
  const stop = async () => {
    await server.stop();
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error) => {
  logger.fatal({ err: error }, "subgraph start failed");
  process.exit(1);
});
