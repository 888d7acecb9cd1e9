// Tracing first: it must patch node:http before anything requires it.
import "../platform/observability/tracing";
import "reflect-metadata";
import { composeSupergraph, fetchSubgraphSdl } from "../gateway/compose";
import { serveGateway } from "../gateway/gateway-server";
import { splitDeploymentUrl } from "../gateway/schema-files";
import { loadConfig } from "../platform/config";
import { logger } from "../platform/logger";
import { onShutdown } from "../platform/observability/lifecycle";
import { subgraphNames } from "../subgraphs/catalog";

/**
 * `npm run start:gateway`: the gateway of the split deployment. SUBGRAPH_URLS lists
 * `name=url` pairs (comma-separated); unset, each subgraph is looked for at http://<name>:4001/graphql.
 * It composes the supergraph from the subgraphs' own SDL, waiting until every one answers.
 */
export function subgraphUrls(spec = process.env.SUBGRAPH_URLS): { name: string; url: string }[] {
  if (!spec) return subgraphNames().map((name) => ({ name, url: splitDeploymentUrl(name) }));
  return spec.split(",").map((pair) => {
    const [name, url] = pair.split("=").map((s) => s.trim());
    if (!name || !url) throw new Error(`SUBGRAPH_URLS entries are name=url, got "${pair}"`);
    return { name, url };
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const endpoints = await Promise.all(subgraphUrls().map(async (s) => ({ ...s, sdl: await fetchSubgraphSdl(s.url) })));
  const gateway = await serveGateway({ supergraph: composeSupergraph(endpoints), port: config.port, host: config.host });
  // SIGTERM: /readyz 503, subscriptions closed with 1012, in-flight requests answered.
  onShutdown(() => gateway.stop());
}

if (require.main === module) {
  main().catch((error) => {
    logger.fatal({ err: error }, "gateway start failed");
    process.exit(1);
  });
}
