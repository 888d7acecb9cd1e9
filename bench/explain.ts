import type pg from "pg";
import { genericPlan } from "../src/platform/database/generic-plan";
import { statementsOf } from "../src/platform/database/statement-counter";

export interface Plan {
  sql: string;
  plan: string;
  usesIndex: boolean;
}

/**
 * The statements a request sends, captured from the in-process platform as MikroORM logs them (with
 * `?` placeholders). The capture hears every statement of the process, so the request is sent three
 * times and only the statements of all three are kept, each as often as the fewest times it was sent:
 * a background job's statement (the holder-name sync's poll) once showed up as one of W1's.
 */
async function statementsOfRequest(request: () => Promise<unknown>, times = 3): Promise<string[]> {
  const runs: string[][] = [];
  for (let i = 0; i < times; i++) runs.push((await statementsOf(request)).statements);
  const counts = (run: string[]) => run.reduce((m, sql) => m.set(sql, (m.get(sql) ?? 0) + 1), new Map<string, number>());
  const later = runs.slice(1).map(counts);
  const kept = new Map<string, number>();
  return runs[0]!.filter((sql) => {
    const allowed = Math.min(...later.map((c) => c.get(sql) ?? 0));
    const used = kept.get(sql) ?? 0;
    if (used >= allowed) return false;
    kept.set(sql, used + 1);
    return true;
  });
}

/**
 * The statements one request sends are prepared and EXPLAINed as generic plans, which hold for any
 * parameter values. A sequential scan of a large table is flagged: W1 and W5 must read them through
 * indexes.
 */
export async function explainRequest(pool: pg.Pool, request: () => Promise<unknown>): Promise<Plan[]> {
  const statements = await statementsOfRequest(request);
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
