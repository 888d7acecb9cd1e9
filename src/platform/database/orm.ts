import { MikroORM, type EntityManager as CoreEntityManager, type EntityClass } from "@mikro-orm/core";
import { PostgreSqlDriver, type EntityManager } from "@mikro-orm/postgresql";
import { Migrator } from "@mikro-orm/migrations";
import { migrationsList } from "../../../migrations";
import { CountingLogger } from "./statement-counter";
import { logger } from "../logger";

export type Orm = MikroORM<PostgreSqlDriver>;
export type Em = EntityManager;
export type { CoreEntityManager };

export interface OrmOptions {
  clientUrl: string;
  entities: EntityClass<unknown>[];
  poolMax?: number;
  debug?: boolean;
  /** Read replicas; which one a read uses is decided by src/platform/database/replicas.ts. */
  replicaUrls?: string[];
}

/** One ORM per process; every request works in its own `orm.em.fork()`. */
export async function initOrm(options: OrmOptions): Promise<Orm> {
  return MikroORM.init<PostgreSqlDriver>({
    driver: PostgreSqlDriver,
    clientUrl: options.clientUrl,
    entities: options.entities,
    discovery: { warnWhenNoEntities: false, disableDynamicFileAccess: true },
    extensions: [Migrator],
    migrations: { migrationsList, tableName: "mikro_orm_migrations", transactional: true, allOrNothing: true, snapshot: false },
    allowGlobalContext: false,
    // A database that does not exist is an error, not one to create: a mistyped name in DATABASE_URL
    // would otherwise get a new, empty database that the import or the server then fills. The embedded
    // server, the bench and the tests create theirs on purpose (ensureDatabase in database.ts).
    ensureDatabase: false,
    forceUtcTimezone: true,
    debug: options.debug ?? false,
    loggerFactory: (loggerOptions) => new CountingLogger(loggerOptions),
    logger: (message) => logger.debug({ sql: message }, "sql"),
    // A long-lived pool: fresh connections run their first queries far slower (see STACK.md).
    pool: { min: 1, max: options.poolMax ?? 10, idleTimeoutMillis: 600_000 },
    driverOptions: { connection: { application_name: process.env.SERVICE_NAME ?? "yrd" } },
    replicas: (options.replicaUrls ?? []).map((clientUrl, i) => ({ name: `replica${i}`, clientUrl })),
    preferReadReplicas: true,
  });
}

export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, "migrations applied");
  return applied.map((m) => m.name);
}

export async function pendingMigrations(orm: Orm): Promise<string[]> {
  return (await orm.getMigrator().getPendingMigrations()).map((m) => m.name);
}
