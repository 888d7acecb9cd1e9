import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../platform/config";
import { openDatabase } from "../platform/database/database";
import { logger } from "../platform/logger";
import { readAudit, type AuditEntry } from "../platform/security/audit";

const USAGE = "npm run audit -- --since 2026-11-25T00:00Z [--actor SUB] [--limit 10000] [--json]";

/** One readable line per entry: when, who, what, on what, how it ended. */
export function formatAuditLine(e: AuditEntry): string {
  const who = `${e.actorRole}${e.actorSub ? `:${e.actorSub}` : ""}${e.actorScope ? `(${e.actorScope})` : ""}`;
  const what = `${e.operationType} ${e.operationName ?? "-"} [${e.rootFields.join(",")}]@${e.subgraph}`;
  return [e.at, who, what, JSON.stringify(e.subjects), e.outcome, e.requestId ?? "-"].join("\t");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { since: { type: "string" }, actor: { type: "string" }, limit: { type: "string", default: "10000" }, json: { type: "boolean", default: false } },
    strict: true,
  });
  const since = values.since ? new Date(values.since) : undefined;
  if (!since || Number.isNaN(since.getTime())) throw new Error(`--since must be an ISO date-time\n${USAGE}`);
  const database = await openDatabase(loadConfig(), [], { migrate: false });
  try {
    const entries = await readAudit(database.orm.em.fork(), { since, actor: values.actor, limit: Number(values.limit) });
    for (const entry of entries) process.stdout.write(`${values.json ? JSON.stringify(entry) : formatAuditLine(entry)}\n`);
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main().catch((error) => {
    logger.fatal({ err: error }, "audit failed");
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
