import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { subgraphNames } from "../../src/subgraphs/catalog";

interface ComposeService {
  command?: string[];
  deploy?: { replicas?: number };
  healthcheck?: { test?: string[]; disable?: boolean };
  environment?: Record<string, string>;
  entrypoint?: string[];
}

// js-yaml comes with jest (no types of its own here); the compose file is plain YAML.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { load } = require("js-yaml") as { load(text: string): unknown };
const compose = load(readFileSync("docker-compose.yml", "utf8")) as { services: Record<string, ComposeService> };

/** `docker compose config` where the compose client exists (it does not on this machine: then the YAML checks below stand alone). */
function composeConfigErrors(): string | undefined {
  const available = spawnSync("docker", ["compose", "version"], { encoding: "utf8" });
  if (available.error || available.status !== 0) return undefined;
  const run = spawnSync("docker", ["compose", "config", "--quiet"], { encoding: "utf8", env: { ...process.env, AUTH_JWT_SECRET: "x".repeat(32) } });
  return run.status === 0 ? "" : run.stderr;
}

it("runs every subgraph and the gateway as scaled, health-checked services reading from a replica", () => {
  expect(composeConfigErrors() ?? "").toBe("");
  for (const name of [...subgraphNames(), "gateway"]) {
    const service = compose.services[name];
    expect(service).toBeDefined();
    expect(service!.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(service!.healthcheck?.test?.join(" ")).toMatch(/\/readyz/);
    expect(service!.environment?.DATABASE_REPLICA_URLS).toMatch(/postgres-replica/);
  }
  for (const name of subgraphNames()) expect(compose.services[name]!.command).toEqual(["node", "dist/src/cli/start-subgraph.js", name]);
});

it("pairs the primary with a streaming replica made by pg_basebackup", () => {
  expect(compose.services.postgres!.healthcheck?.test).toBeDefined();
  expect(compose.services["postgres-replica"]!.entrypoint?.join(" ")).toMatch(/replica-entrypoint\.sh/);
  expect(readFileSync("scripts/compose/replica-entrypoint.sh", "utf8")).toMatch(/pg_basebackup .* -R /);
});

it("gives both database servers the same shared_buffers, above PostgreSQL's 128 MB default", () => {
  expect(compose.services.postgres!.command).toContain("shared_buffers=1GB");
  expect(readFileSync("scripts/compose/replica-entrypoint.sh", "utf8")).toMatch(/^exec postgres .*-c shared_buffers=1GB$/m);
});
