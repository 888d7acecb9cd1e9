import type pg from "pg";
import { genericPlan } from "../src/platform/database/generic-plan";
import { statementsOf } from "../src/platform/database/statement-counter";

export interface Plan {
  sql: string;
  plan: string;
  usesIndex: boolean;
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
      let plan: string;
      try {
        plan = await genericPlan(client, sql);
      } catch (error) {
        plan = `(not explainable: ${(error as Error).message})`;
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
