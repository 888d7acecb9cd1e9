import { DefaultLogger, type LogContext } from "@mikro-orm/core";

type Listener = (query: string) => void;
const listeners = new Set<Listener>();
let total = 0;

/** SQL statements sent by this process since it started: the N+1 tests and metrics read it. */
export const sqlStatementCount = (): number => total;

export function onSqlStatement(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The statements `fn` sends (with `?` placeholders, as MikroORM logs them), and what it returns. */
export async function statementsOf<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const stop = onSqlStatement((sql) => statements.push(sql));
  try {
    return { result: await fn(), statements };
  } finally {
    stop();
  }
}

/** Counts a statement sent past MikroORM's own execute (see executeBound). */
export function countStatement(query: string): void {
  total++;
  for (const listener of listeners) listener(query);
}

/** MikroORM calls logQuery for every statement whether or not query logging is on. */
export class CountingLogger extends DefaultLogger {
  override logQuery(context: { query: string } & LogContext): void {
    countStatement(context.query);
    super.logQuery(context);
  }
}
