import type pg from "pg";

/** A value of each parameter type: under a forced generic plan, the plan does not depend on it. */
function sample(type: string): string {
  if (type.endsWith("[]")) return "'{}'";
  if (/^(integer|bigint|smallint|numeric|double precision|real)$/.test(type)) return "1";
  if (type === "date") return "current_date";
  if (type.startsWith("timestamp")) return "now()";
  if (type === "boolean") return "true";
  return "'x'";
}

/**
 * The EXPLAIN of a statement as MikroORM logs it (`?` placeholders; see statementsOf): prepared, run
 * with a sample value of each parameter's type, deallocated. Set plan_cache_mode = force_generic_plan
 * on the client first, so that the plan is the one for any values. For the bench's and tests' checks
 * that reads go through indexes.
 */
export async function genericPlan(client: pg.ClientBase, sql: string): Promise<string> {
  let n = 0;
  await client.query(`prepare generic_plan as ${sql.replace(/\?/g, () => `$${++n}`)}`);
  try {
    const { rows } = await client.query(`select parameter_types::text[] as types from pg_prepared_statements where name = 'generic_plan'`);
    const types = rows[0].types as string[];
    const explained = await client.query(`explain execute generic_plan${types.length ? `(${types.map(sample).join(", ")})` : ""}`);
    return explained.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
  } finally {
    await client.query("deallocate generic_plan");
  }
}
