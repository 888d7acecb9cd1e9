import type { Knex } from "@mikro-orm/postgresql";
import type { Em } from "./orm";
import { countStatement } from "./statement-counter";

/**
 * `em.execute` with its parameters sent as bind parameters ($1, $2, ... of the extended protocol)
 * instead of being written into the SQL text. MikroORM's execute escapes every value character by
 * character into a literal: for the half megabyte of JSON a bulk import sends per statement that
 * escaping, and the garbage it leaves, cost the importing process more than the database spends on
 * the statement. Values go as pg sends them: strings as they are, arrays as array literals.
 * Placeholders are `?`, as in em.execute. Runs in the em's transaction when it has one, and is
 * counted like every other statement.
 */
export async function executeBound<T = Record<string, unknown>>(em: Em, sql: string, params: unknown[] = []): Promise<T[]> {
  const knex: Knex = em.getTransactionContext<Knex.Transaction>() ?? em.getConnection().getKnex();
  countStatement(sql);
  try {
    const result = (await knex.raw(sql, params as Knex.RawBinding[])) as { rows: T[] };
    return result.rows;
  } catch (error) {
    // The same exception classes as em.execute throws (they keep the SQLSTATE in `code`).
    throw em.getDriver().convertException(error as Error);
  }
}
