import type pg from "pg";
import { statementsOf } from "../src/platform/database/statement-counter";

export interface Plan {
  sql: string;
  plan: string;
  usesIndex: boolean;
}

/** A value of each parameter type: with a forced generic plan, the plan does not depend on it. */
function sample(type: string): string {
  if (type.endsWith("[]")) return "'{}'";
  if (/^(integer|bigint|smallint|numeric|double precision|real)$/.test(type)) return "1";
  if (type === "date") return "current_date";
  if (type.startsWith("timestamp")) return "now()";
  if (type === "boolean") return "true";
  return "'x'";
}

/**
 * The statements one request sends (captured from the in-process platform, as MikroORM logs them,
 * with `?` placeholders) are prepared and EXPLAINed as generic plans, which hold for any parameter
 * values. A sequential scan of a large table is flagged: W1 and W5 must read them through indexes.
 */
export async function explainRequest(pool: pg.Pool, request: () => Promise<unknown>): Promise<Plan[]> {
  const { statements } = await statementsOf(request);
  const client = await pool.connect();
  const plans: Plan[] = [];
  try {
    await client.query("set plan_cache_mode = force_generic_plan");
    for (const sql of statements.filter((s) => /^\s*(select|with)\b/i.test(s))) {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      let plan: string;
      try {
        await client.query(`prepare bench_explain as ${text}`);
        const types = (await client.query(`select parameter_types::text[] as t from pg_prepared_statements where name = 'bench_explain'`)).rows[0].t as string[];
        const args = types.length ? `(${types.map(sample).join(", ")})` : "";
        const result = await client.query(`explain execute bench_explain${args}`);
        plan = result.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
      } catch (error) {
        plan = `(not explainable: ${(error as Error).message})`;
      } finally {
        await client.query("deallocate all");
      }
      const largeSeqScan = /Seq Scan on (certificate|enterprise|result|status_change|change_event)\b/.test(plan);
      plans.push({ sql: sql.replace(/\s+/g, " ").replace(/(\?, ){3,}\?/g, "?, ..., ?").slice(0, 400), plan, usesIndex: !largeSeqScan && !plan.startsWith("(not explainable") });
    }
  } finally {
    await client.query("reset plan_cache_mode");
    client.release();
  }
  return plans;
}
