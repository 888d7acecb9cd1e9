import { loadConfig, type Config } from "./platform/config";
import type { Orm } from "./platform/database/orm";
import { buildSubgraph } from "./platform/graphql/build-subgraph-schema";
import { serveSubgraph, type RunningServer } from "./platform/graphql/subgraph-server";
import type { SubgraphModule } from "./platform/graphql/subgraph";
import { composeSupergraph } from "./gateway/compose";
import { serveGateway, type RunningGateway } from "./gateway/gateway-server";

export interface RunningPlatform {
  gateway: RunningGateway;
  subgraphs: Record<string, RunningServer>;
  supergraph: string;
  stop(): Promise<void>;
}

/**
 * Every subgraph on its own loopback port, then the gateway composed over them on `port`: the same
 * federation as the split deployment, in one process. The gateway runs queries and mutations on these
 * subgraphs in process unless `inProcess` (IN_PROCESS_SUBGRAPHS) is false; their ports still serve
 * subscriptions and direct callers. `queryPlanner` overrides GATEWAY_QUERY_PLANNER, `subgraphExecutor`
 * SUBGRAPH_EXECUTOR.
 */
export async function startPlatform(
  orm: Orm,
  modules: SubgraphModule[],
  options: { port: number; host?: string; inProcess?: boolean; queryPlanner?: Config["gatewayQueryPlanner"]; subgraphExecutor?: Config["subgraphExecutor"] },
): Promise<RunningPlatform> {
  const subgraphs: Record<string, RunningServer> = {};
  const endpoints = [];
  for (const module of modules) {
    const built = await buildSubgraph(module);
    await module.start?.(orm);
    const server = await serveSubgraph(built, orm, { port: 0, host: "127.0.0.1", executor: options.subgraphExecutor });
    subgraphs[module.name] = server;
    endpoints.push({ name: module.name, url: server.url, sdl: built.sdl });
  }
  const supergraph = composeSupergraph(endpoints);
  const inProcess = options.inProcess ?? loadConfig().inProcessSubgraphs;
  const gateway = await serveGateway({
    supergraph,
    port: options.port,
    host: options.host,
    queryPlanner: options.queryPlanner,
    inProcess: inProcess ? Object.fromEntries(Object.entries(subgraphs).map(([name, server]) => [name, server.execute])) : undefined,
  });
  return {
    gateway,
    subgraphs,
    supergraph,
    stop: async () => {
      await gateway.stop();
      for (const server of Object.values(subgraphs)) await server.stop();
      for (const module of modules) await module.stop?.();
    },
  };
}
