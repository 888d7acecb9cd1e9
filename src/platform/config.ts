import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Every setting the platform reads, from the environment only (documented in the README). */
export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Streaming replicas for reads (DATABASE_REPLICA_URLS, comma-separated); see the README's Operations section. */
  databaseReplicaUrls: string[];
  dataDir: string;
  logLevel: string;
  jwtSecret: string;
  jwtSecretGenerated: boolean;
  publicBaseUrl: string;
  maxPageSize: number;
  feedRetentionDays: number;
  /** How often certification brings its copies of holder names (what search matches) up to renames (HOLDER_NAME_SYNC_MS; 0: never). */
  holderNameSyncMs: number;
  demoData: boolean;
  /** One-process start: the gateway runs its subgraphs' queries in process (IN_PROCESS_SUBGRAPHS, default true) or over loopback HTTP. */
  inProcessSubgraphs: boolean;
  /** The gateway's federation query planner (GATEWAY_QUERY_PLANNER): Hive Router's, in Rust, or the JavaScript stitching runtime. */
  gatewayQueryPlanner: "rust" | "stitching";
  /** How subgraphs execute queries and mutations (SUBGRAPH_EXECUTOR): compiled by graphql-jit, or graphql-js's interpreter. */
  subgraphExecutor: "jit" | "graphql-js";
}

/** A non-negative integer setting; empty or unset is the fallback, anything else non-numeric refuses to start. */
export const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
};

/** A setting with a fixed set of values; empty or unset is the fallback, anything else refuses to start. */
function oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!(values as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${values.join(", ")}, got "${raw}"`);
  return raw as T;
}

let cached: Config | undefined;

/**
 * Outside production a missing AUTH_JWT_SECRET is generated once and kept in DATA_DIR, so that
 * `npm start` and `npm run token` agree without any set-up.
 */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, "jwt-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("hex");
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(): Config {
  if (cached) return cached;
  const env = (process.env.NODE_ENV ?? "development") as Config["env"];
  if (!["development", "production", "test"].includes(env)) {
    throw new Error(`NODE_ENV must be development, production or test, got "${env}"`);
  }
  const secret = process.env.AUTH_JWT_SECRET;
  if (env === "production" && !secret) {
    throw new Error("AUTH_JWT_SECRET is required when NODE_ENV=production");
  }
  const port = envInt("PORT", 4000);
  const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
  cached = {
    env,
    port,
    host: process.env.HOST ?? "0.0.0.0",
    databaseUrl: process.env.DATABASE_URL || undefined,
    databaseReplicaUrls: (process.env.DATABASE_REPLICA_URLS ?? "").split(",").map((u) => u.trim()).filter(Boolean),
    dataDir,
    logLevel: process.env.LOG_LEVEL ?? (env === "test" ? "error" : "info"),
    jwtSecret: secret ?? developmentSecret(dataDir),
    jwtSecretGenerated: !secret,
    publicBaseUrl: (process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ""),
    maxPageSize: envInt("MAX_PAGE_SIZE", 100),
    feedRetentionDays: envInt("FEED_RETENTION_DAYS", 90),
    // Off (0) by default under test: its statements, every few seconds, would land in the counts of
    // tests that measure a request's SQL statements; tests of the sync turn it on.
    holderNameSyncMs: envInt("HOLDER_NAME_SYNC_MS", env === "test" ? 0 : 2000),
    demoData: (process.env.DEMO_DATA ?? "true") !== "false",
    inProcessSubgraphs: (process.env.IN_PROCESS_SUBGRAPHS ?? "true") !== "false",
    gatewayQueryPlanner: oneOf("GATEWAY_QUERY_PLANNER", ["rust", "stitching"] as const, "rust"),
    subgraphExecutor: oneOf("SUBGRAPH_EXECUTOR", ["jit", "graphql-js"] as const, "jit"),
  };
  return cached;
}

/** Tests change the environment between cases; this forgets the cached reading. */
export function resetConfig(): void {
  cached = undefined;
}
