import type pg from "pg";
import type { Orm } from "../src/platform/database/orm";
import type { Latency, Throughput } from "./measure";

export interface BenchOptions {
  certificates: number;
  samples: number;
  seconds: number;
  connections: number;
}

export interface BenchContext {
  orm: Orm;
  /** A long-lived pool for the hand-written SQL baselines (fresh connections are slow at first). */
  pool: pg.Pool;
  databaseUrl: string;
  /** The one-process start's gateway: its subgraphs run in process. */
  gatewayUrl: string;
  /** A second Hive gateway over the same subgraphs that calls them over loopback HTTP, as the split deployment does. */
  httpGatewayUrl: string;
  /** The supergraph the platform composed: W1 runs @apollo/gateway on it too. */
  supergraph: string;
  subgraphUrls: Record<string, string>;
  tokens: { regulatorZJ: string; admin: string };
  options: BenchOptions;
}

/** One way of fetching a workload's data, measured alone (latency) and under load (throughput). */
export interface Variant {
  name: string;
  latency: Latency & { statementsPerRequest?: number };
  throughput?: Throughput;
  /** W3: an import's rate. */
  rowsPerSecond?: number;
  rows?: number;
  seconds?: number;
}

export interface WorkloadResult {
  id: string;
  title: string;
  variants: Variant[];
  /** Ratios against the physical limit: latency p50 and throughput. */
  ratios: Record<string, number>;
  targets: { text: string; met: boolean | null }[];
  notes: string[];
  plans?: { sql: string; plan: string; usesIndex: boolean }[];
}

export async function postGraphQL(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data;
}
