import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import type { Orm } from "./orm";
import { logger } from "../logger";
import { databaseQueries, replicaLag, replicaUp } from "../observability/metrics";

/**
 * Reads on streaming replicas (MikroORM `replicas`, from DATABASE_REPLICA_URLS), writes on the primary.
 * MikroORM picks a replica at random and knows neither lag nor failure; this router decides instead,
 * per read, from a scope each request opens (src/platform/graphql/subgraph-server.ts):
 *  - a mutation pins its whole request to the primary (the write and the reads after it);
 *  - a request carrying the caller's last write time (x-yrd-last-write, see read-your-writes.ts) reads a
 *    replica only when that replica is known to have replayed the primary's WAL as of after that time;
 *  - any other read uses a replica no further behind than REPLICA_MAX_LAG_MS;
 *  - a replica that does not answer is skipped, and a read that fails on one is re-run on the primary.
 * Freshness is measured by WAL position, not by clocks: every REPLICA_CHECK_MS the primary's
 * pg_current_wal_lsn() is sampled with the time it was read, and a replica whose
 * pg_last_wal_replay_lsn() has reached a sample is fresh as of that sample's time.
 */
export interface ReadScope {
  primary: boolean;
  lastWrite?: number;
}

const scopes = new AsyncLocalStorage<ReadScope>();
/** Routers running (routeReads, called before serving): without one every read goes to the primary. */
let routers = 0;

/**
 * Runs `fn` (a request) with its own read scope; `lastWrite` is the caller's last write time, if sent.
 * Without replicas it opens none, since no read would consult it: on Node 20 an AsyncLocalStorage, once
 * used, makes the process run a hook for every promise it creates (see transaction.ts).
 */
export function withReadScope<T>(lastWrite: number | undefined, fn: () => T): T {
  return routers === 0 ? fn() : scopes.run({ primary: false, lastWrite }, fn);
}

/** From now on this request reads from the primary (it writes, so it must see its own write). */
export function pinToPrimary(): void {
  const scope = scopes.getStore();
  if (scope) scope.primary = true;
}

interface Connection {
  execute(...args: unknown[]): Promise<unknown>;
}

interface ReplicaState {
  name: string;
  connection: Connection;
  probe: pg.Client | undefined;
  up: boolean;
  /** Epoch ms: the replica has replayed everything the primary had committed at this moment. */
  freshAsOf: number;
}

const parseLsn = (lsn: string): bigint => {
  const [high, low] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
};

/** Errors meaning "this server is gone", as opposed to an error of the statement itself. */
function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e.code && ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004"].includes(e.code)) return true;
  return /Connection terminated|connection.*(closed|ended)|Knex: Timeout acquiring/i.test(e.message ?? "");
}

export interface ReplicaRouter {
  replicas(): { name: string; up: boolean; lagSeconds: number }[];
  /** Samples the primary and every replica now (tests; the timer does it every REPLICA_CHECK_MS). */
  check(): Promise<void>;
  close(): Promise<void>;
}

export function routeReads(orm: Orm, options: { primaryUrl: string; replicaUrls: string[]; checkMs?: number; maxLagMs?: number }): ReplicaRouter {
  const checkMs = options.checkMs ?? Number(process.env.REPLICA_CHECK_MS ?? 500);
  const maxLagMs = options.maxLagMs ?? Number(process.env.REPLICA_MAX_LAG_MS ?? 5000);
  const driver = orm.em.getDriver() as unknown as { replicas: Connection[]; getConnection(type?: "read" | "write"): Connection };
  const primary = driver.getConnection("write");
  const states: ReplicaState[] = driver.replicas.map((connection, i) => ({ name: `replica${i}`, connection, probe: undefined, up: false, freshAsOf: 0 }));
  const samples: { at: number; lsn: bigint }[] = [];
  routers++;

  // A read that fails because its replica went away is re-run on the primary: the caller sees no error.
  for (const state of states) {
    const execute = state.connection.execute.bind(state.connection);
    state.connection.execute = async (...args: unknown[]) => {
      try {
        return await execute(...args);
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        if (state.up) logger.warn({ replica: state.name, err: error }, "replica failed; reading from the primary");
        state.up = false;
        replicaUp.set({ replica: state.name }, 0);
        databaseQueries.inc({ target: "primary" });
        return primary.execute(...args);
      }
    };
  }

  const usable = (state: ReplicaState, scope: ReadScope | undefined, now: number): boolean => {
    if (!state.up) return false;
    if (scope?.lastWrite !== undefined) return state.freshAsOf >= scope.lastWrite;
    return now - state.freshAsOf <= maxLagMs;
  };

  driver.getConnection = (type: "read" | "write" = "write") => {
    if (type === "write") return primary;
    const scope = scopes.getStore();
    const now = Date.now();
    const candidates = scope?.primary ? [] : states.filter((s) => usable(s, scope, now));
    if (candidates.length === 0) {
      databaseQueries.inc({ target: "primary" });
      return primary;
    }
    const chosen = candidates[Math.floor(Math.random() * candidates.length)]!;
    databaseQueries.inc({ target: chosen.name });
    return chosen.connection;
  };

  const client = async (url: string): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000, query_timeout: 1000, application_name: "yrd-replica-probe" });
    c.on("error", () => undefined);
    await c.connect();
    return c;
  };
  let primaryProbe: pg.Client | undefined;
  const check = async () => {
    const at = Date.now();
    try {
      primaryProbe ??= await client(options.primaryUrl);
      const { rows } = await primaryProbe.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn");
      samples.push({ at, lsn: parseLsn(rows[0]!.lsn) });
      while (samples.length > 1 && samples[0]!.at < at - 120_000) samples.shift();
    } catch {
      await primaryProbe?.end().catch(() => undefined);
      primaryProbe = undefined;
    }
    await Promise.all(
      states.map(async (state, i) => {
        try {
          state.probe ??= await client(options.replicaUrls[i]!);
          const { rows } = await state.probe.query<{ lsn: string | null }>("select pg_last_wal_replay_lsn()::text as lsn");
          const replayed = rows[0]!.lsn === null ? -1n : parseLsn(rows[0]!.lsn);
          for (const sample of samples) if (sample.lsn <= replayed && sample.at > state.freshAsOf) state.freshAsOf = sample.at;
          if (!state.up) logger.info({ replica: state.name }, "replica in use");
          state.up = true;
        } catch {
          if (state.up) logger.warn({ replica: state.name }, "replica unreachable; reading from the primary");
          state.up = false;
          await state.probe?.end().catch(() => undefined);
          state.probe = undefined;
        }
        replicaUp.set({ replica: state.name }, state.up ? 1 : 0);
        replicaLag.set({ replica: state.name }, state.freshAsOf ? Math.max(0, (Date.now() - state.freshAsOf) / 1000) : -1);
      }),
    );
  };
  let running = true;
  let pending: Promise<void> = Promise.resolve();
  const loop = async () => {
    while (running) {
      pending = check();
      await pending;
      await new Promise((resolve) => setTimeout(resolve, checkMs).unref());
    }
  };
  void loop();

  return {
    replicas: () => states.map((s) => ({ name: s.name, up: s.up, lagSeconds: s.freshAsOf ? (Date.now() - s.freshAsOf) / 1000 : Infinity })),
    check: () => check(),
    close: async () => {
      if (running) routers--;
      running = false;
      await pending;
      await Promise.all([primaryProbe, ...states.map((s) => s.probe)].map((c) => c?.end().catch(() => undefined)));
    },
  };
}

/** Apollo plugin: a mutation's request reads from the primary from the moment the operation is known. */
export const primaryForMutations = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }: { operation?: { operation: string } | null }) {
        if (operation?.operation === "mutation") pinToPrimary();
      },
    };
  },
};

interface ExecutingEm {
  getTransactionContext(): unknown;
  execute(sql: string, params?: unknown[]): Promise<unknown>;
  getConnection(type: "read" | "write"): { execute(sql: string, params?: unknown[]): Promise<unknown> };
}

/**
 * `em.execute` for a raw-SQL read that may be served by a replica under the rules above (em.execute
 * itself always uses the primary). Inside a transaction it stays on the transaction's connection.
 */
export async function executeRead<T = Record<string, unknown>>(em: ExecutingEm, sql: string, params: unknown[] = []): Promise<T[]> {
  if (em.getTransactionContext()) return (await em.execute(sql, params)) as T[];
  return (await em.getConnection("read").execute(sql, params)) as T[];
}
