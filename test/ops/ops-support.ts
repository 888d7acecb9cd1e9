import { freePort } from "../../src/platform/database/embedded-postgres";
import { post } from "../support/platform";
import { startService, waitFor, type Service } from "../support/processes";

export interface SubgraphProcess {
  name: string;
  port: number;
  url: string;
  service: Service;
}

/** One subgraph as its own process (dist/src/cli/start-subgraph.js) on a free loopback port. */
export async function startSubgraph(name: string, databaseUrl: string, env: Record<string, string> = {}, port?: number): Promise<SubgraphProcess> {
  const chosen = port ?? (await freePort());
  const service = startService("src/cli/start-subgraph.js", [name], { DATABASE_URL: databaseUrl, PORT: String(chosen), HOST: "127.0.0.1", SERVICE_NAME: name, ...env });
  return { name, port: chosen, url: `http://127.0.0.1:${chosen}/graphql`, service };
}

export async function waitReady(base: string, what: string, timeoutMs = 40_000): Promise<void> {
  await waitFor(async () => ((await fetch(`${base}/readyz`)).ok ? true : undefined), timeoutMs, what);
}

export interface GatewayProcess {
  port: number;
  url: string;
  base: string;
  service: Service;
}

/** The gateway as its own process over the given subgraph instances (SUBGRAPH_URLS). */
export async function startGateway(subgraphs: SubgraphProcess[], env: Record<string, string> = {}): Promise<GatewayProcess> {
  const port = await freePort();
  const urls = subgraphs.map((s) => `${s.name}=${s.url}`).join(",");
  const service = startService("src/cli/start-gateway.js", [], { SUBGRAPH_URLS: urls, PORT: String(port), HOST: "127.0.0.1", SERVICE_NAME: "gateway", ...env });
  const base = `http://127.0.0.1:${port}`;
  return { port, url: `${base}/graphql`, base, service };
}

export async function waitGateway(gateway: GatewayProcess, timeoutMs = 45_000): Promise<void> {
  await waitFor(async () => {
    // A gateway that died (say, its free port was taken in between) will never answer: say why at once.
    if (gateway.service.child.exitCode !== null) throw new GatewayExited(gateway.service.output().slice(-2000));
    return (await post(gateway.url, { query: "{ provinces { code } }" })).data ? true : undefined;
  }, timeoutMs, "the gateway").catch((error) => {
    if (gateway.service.child.exitCode !== null) throw new GatewayExited(gateway.service.output().slice(-2000));
    throw new Error(`${(error as Error).message}\n${gateway.service.output().slice(-2000)}`);
  });
}

class GatewayExited extends Error {}

/** Starts a gateway and waits for it; one that exits while starting is started again on another port. */
export async function startReadyGateway(subgraphs: SubgraphProcess[], env: Record<string, string> = {}): Promise<GatewayProcess> {
  for (let attempt = 1; ; attempt++) {
    const gateway = await startGateway(subgraphs, env);
    try {
      await waitGateway(gateway);
      return gateway;
    } catch (error) {
      if (!(error instanceof GatewayExited) || attempt === 3) throw error;
    }
  }
}

/** Exits of processes a test killed on purpose are expected; the rest are stopped here. */
export async function stopAll(services: (Service | undefined)[]): Promise<void> {
  const running = services.filter((s): s is Service => s !== undefined && s.child.exitCode === null && s.child.signalCode === null);
  await Promise.all(running.map((s) => s.stop()));
}

/** The value of one sample of a metric in Prometheus text, summed over label sets matching `labels`. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const set = match[2] ?? "";
    if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`))) total += Number(match[3]);
  }
  return total;
}
