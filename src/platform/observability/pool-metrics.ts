import { Gauge } from "prom-client";
import type { Orm } from "../database/orm";
import { registry } from "./metrics";

/** The knex (tarn) pool behind a MikroORM connection; only the counters /metrics reads. */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

const observed = new Set<Orm>();

function pools(orm: Orm): { target: string; pool: TarnPool }[] {
  const driver = orm.em.getDriver() as unknown as { getConnection(type: "write"): unknown; replicas?: unknown[] };
  const poolOf = (connection: unknown) => (connection as { getKnex(): { client: { pool?: TarnPool } } }).getKnex().client.pool;
  const list: { target: string; pool: TarnPool | undefined }[] = [{ target: "primary", pool: poolOf(driver.getConnection("write")) }];
  (driver.replicas ?? []).forEach((replica, i) => list.push({ target: `replica${i}`, pool: poolOf(replica) }));
  return list.filter((p): p is { target: string; pool: TarnPool } => p.pool !== undefined);
}

/**
 * Pool usage, read when Prometheus scrapes: `pending` above zero for long means the pool (or the
 * database's max_connections) is the bottleneck.
 */
new Gauge({
  name: "yrd_db_pool_connections",
  help: "Database pool connections by state (used, free, pending acquires, max) and target",
  labelNames: ["target", "state"] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const orm of observed) {
      for (const { target, pool } of pools(orm)) {
        this.inc({ target, state: "used" }, pool.numUsed());
        this.inc({ target, state: "free" }, pool.numFree());
        this.inc({ target, state: "pending" }, pool.numPendingAcquires());
        this.inc({ target, state: "max" }, pool.max);
      }
    }
  },
});

/** Reports this ORM's pools at /metrics until `forget` is called (when the ORM closes). */
export function observePool(orm: Orm): () => void {
  observed.add(orm);
  return () => observed.delete(orm);
}
