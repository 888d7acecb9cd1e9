import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../src/platform/database/embedded-postgres";
import { initOrm, migrate, type Orm } from "../../src/platform/database/orm";
import { executeRead, pinToPrimary, routeReads, withReadScope, type ReplicaRouter } from "../../src/platform/database/replicas";
import { databaseQueries } from "../../src/platform/observability/metrics";
import { createSubgraphs } from "../../src/subgraphs/catalog";
import { registryReader } from "../../src/subgraphs/registry/registry.reader";
import { IMPORT_ENTERPRISES, makeUscc } from "../support/fixtures";
import { ADMIN, post, tokenFor } from "../support/platform";
import { waitFor } from "../support/processes";
import { metricValue, startSubgraph, stopAll, waitReady, type SubgraphProcess } from "./ops-support";

/**
 * A PostgreSQL primary of this file's own (the shared test server is not touched) with a streaming
 * replica made by pg_basebackup (scripts/pg-replica.sh), and the registry subgraph as a separate
 * process reading through DATABASE_REPLICA_URLS.
 */
const script = path.resolve("scripts/pg-replica.sh");
const sh = (...args: string[]) => execFileSync(script, args, { stdio: "pipe", timeout: 40_000 });
let dir: string;
let primaryUrl: string;
let replicaUrl: string;
let registry: SubgraphProcess;
/** The same router in this process, for what a request cannot show from outside. */
let orm: Orm;
let router: ReplicaRouter;
const standby = async () => (await executeRead<{ standby: boolean }>(orm.em.fork(), "select pg_is_in_recovery() as standby"))[0]!.standby;
const admin = { authorization: `Bearer ${tokenFor(ADMIN)}` };
const uscc = makeUscc("330106", "MA1QPLMT5");
const READ = `{ enterprise(uscc: "${uscc}") { name } }`;

const metrics = async () => (await fetch(`http://127.0.0.1:${registry.port}/metrics`)).text();
const routed = async (target: string) => metricValue(await metrics(), "yrd_db_reads_routed_total", { target });

beforeAll(async () => {
  dir = mkdtempSync("/tmp/yrd-ops-replica-");
  chmodSync(dir, 0o755);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  sh("primary", path.join(dir, "primary"), String(primaryPort));
  const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${primaryPort}/postgres` });
  await admin.connect();
  await admin.query("create database yrd");
  await admin.end();
  primaryUrl = `postgresql://postgres@127.0.0.1:${primaryPort}/yrd`;
  replicaUrl = `postgresql://postgres@127.0.0.1:${replicaPort}/yrd`;
  const migrating = await initOrm({ clientUrl: primaryUrl, entities: createSubgraphs().flatMap((m) => m.entities) });
  await migrate(migrating);
  await migrating.close(true);
  sh("replica", String(primaryPort), path.join(dir, "replica"), String(replicaPort));
  registry = await startSubgraph("registry", primaryUrl, { DATABASE_REPLICA_URLS: replicaUrl, REPLICA_CHECK_MS: "200" });
  await waitReady(`http://127.0.0.1:${registry.port}`, "registry");
  // In use, and known to have replayed the primary as of some moment (until then no read may go to it).
  await waitFor(async () => {
    const text = await metrics();
    return metricValue(text, "yrd_db_replica_up", { replica: "replica0" }) === 1 && metricValue(text, "yrd_db_replica_lag_seconds", { replica: "replica0" }) >= 0 ? true : undefined;
  }, 10_000, "the replica in use and caught up");
  orm = await initOrm({ clientUrl: primaryUrl, entities: createSubgraphs(["registry"]).flatMap((m) => m.entities), replicaUrls: [replicaUrl] });
  // Probed only when the test says so, and never too far behind: what it routes is up to the test.
  router = routeReads(orm, { primaryUrl, replicaUrls: [replicaUrl], checkMs: 600_000, maxLagMs: 600_000 });
  await router.check();
}, 60_000);

afterAll(async () => {
  await router?.close();
  await orm?.close(true);
  await stopAll([registry?.service]);
  for (const cluster of ["replica", "primary"]) sh("stop", path.join(dir, cluster));
  rmSync(dir, { recursive: true, force: true });
});

it("reads from the replica, and a caller's read right after its own write from the primary", async () => {
  // The replica is held before the write (replay paused), so it cannot have it: a read routed there
  // would miss it. Without the pause a probe that lands between the write and the read may rightly find
  // the replica caught up and send the read there, which would make this check a race.
  const onReplica = new pg.Client({ connectionString: replicaUrl });
  await onReplica.connect();
  await onReplica.query("select pg_wal_replay_pause()");
  await waitFor(async () => ((await onReplica.query("select pg_get_wal_replay_pause_state() as state")).rows[0].state === "paused" ? true : undefined), 5000, "replay paused");
  const written = await post(registry.url, { query: IMPORT_ENTERPRISES, variables: { records: [{ uscc, name: "杭州副本测试有限公司" }] } }, admin);
  expect(written.data?.importEnterprises.accepted).toBe(1);
  const writtenAt = Date.now();
  expect((await onReplica.query("select count(*)::int as n from registry.enterprise where uscc = $1", [uscc])).rows[0].n).toBe(0);

  // The caller echoes its write time: no replica is known to have replayed that far, so the primary answers.
  const primaryBefore = await routed("primary");
  const own = await post(registry.url, { query: READ }, { "x-yrd-last-write": String(writtenAt) });
  expect(own.data).toEqual({ enterprise: { name: "杭州副本测试有限公司" } });
  expect(await routed("primary")).toBeGreaterThan(primaryBefore);

  // Once the replica replays the write, the same caller's reads go to it.
  await onReplica.query("select pg_wal_replay_resume()");
  const mine = await waitFor(async () => {
    const replicaBefore = await routed("replica0");
    const response = await post(registry.url, { query: READ }, { "x-yrd-last-write": String(writtenAt) });
    return response.data?.enterprise && (await routed("replica0")) > replicaBefore ? response : undefined;
  }, 10_000, "the caller's read answered by the replica once it has the write");
  expect(mine.data).toEqual({ enterprise: { name: "杭州副本测试有限公司" } });

  // Anyone else reads the replica, which has streamed the write.
  // (Streaming takes milliseconds, but a busy machine may see the replica as behind for a while, and
  // then the primary answers: wait for a read the replica answered.)
  const other = await waitFor(async () => {
    const replicaBefore = await routed("replica0");
    const response = await post(registry.url, { query: READ });
    return response.data?.enterprise && (await routed("replica0")) > replicaBefore ? response : undefined;
  }, 10_000, "a read answered by the replica");
  expect(other.data).toEqual({ enterprise: { name: "杭州副本测试有限公司" } });
  expect((await onReplica.query("select pg_is_in_recovery() as standby")).rows[0].standby).toBe(true);
  await onReplica.end();

  // Raw SQL may opt in: outside a write it reads the replica, in a request pinned by a mutation the primary.
  // This process's router probes only when told: probe until it has seen the replica replay a sample.
  await waitFor(async () => {
    await router.check();
    const [replica] = router.replicas();
    return replica!.up && Number.isFinite(replica!.lagSeconds) ? true : undefined;
  }, 10_000, "the in-process router to see the replica caught up");
  expect(await standby()).toBe(true);
  expect(await withReadScope(undefined, async () => {
    pinToPrimary();
    return standby();
  })).toBe(false);
  expect(await withReadScope(Date.now() + 60_000, standby)).toBe(false);

  // The read services other subgraphs call (recognition's inputs, an import's checks) follow the same
  // rule: a replica for a plain read, the import's own transaction (on the primary) inside one.
  const routedHere = async (target: string) => (await databaseQueries.get()).values.find((v) => v.labels.target === target)?.value ?? 0;
  const [replicaReads, primaryReads] = [await routedHere("replica0"), await routedHere("primary")];
  await withReadScope(undefined, () => registryReader(orm.em.fork()).accreditations(["CB-NONE"]));
  expect(await routedHere("replica0")).toBe(replicaReads + 1);
  await orm.em.fork().transactional((tx) => registryReader(tx).institutions(["CB-NONE"]));
  expect(await routedHere("replica0")).toBe(replicaReads + 1);
  expect(await routedHere("primary")).toBe(primaryReads);
});

it("falls back to the primary when the replica stops", async () => {
  sh("stop", path.join(dir, "replica"));
  // Straight after the stop, before any health probe: the failed read is re-run on the primary.
  for (let i = 0; i < 3; i++) expect((await post(registry.url, { query: READ })).data).toEqual({ enterprise: { name: "杭州副本测试有限公司" } });
  await waitFor(async () => (metricValue(await metrics(), "yrd_db_replica_up", { replica: "replica0" }) === 0 ? true : undefined), 5000, "the replica marked down");
  const [primaryBefore, replicaBefore] = [await routed("primary"), await routed("replica0")];
  expect((await post(registry.url, { query: READ })).data).toEqual({ enterprise: { name: "杭州副本测试有限公司" } });
  expect(await routed("primary")).toBeGreaterThan(primaryBefore);
  expect(await routed("replica0")).toBe(replicaBefore);
  // In this process the router has not probed since: the read fails on the replica and is re-run on the primary.
  expect(router.replicas()[0]!.up).toBe(true);
  expect(await standby()).toBe(false);
  expect(router.replicas()[0]!.up).toBe(false);
});

it("survives a restart of the primary without being restarted itself", async () => {
  const pid = registry.service.child.pid;
  sh("restart", path.join(dir, "primary"));
  const answer = await waitFor(async () => {
    const response = await post(registry.url, { query: READ });
    return response.data?.enterprise ? response : undefined;
  }, 15_000, "a read after the restart");
  expect(answer.data).toEqual({ enterprise: { name: "杭州副本测试有限公司" } });
  const uscc2 = makeUscc("330106", "MA1QPLMT6");
  const written = await post(registry.url, { query: IMPORT_ENTERPRISES, variables: { records: [{ uscc: uscc2, name: "重启后写入有限公司" }] } }, admin);
  expect(written.data?.importEnterprises.accepted).toBe(1);
  expect((await fetch(`http://127.0.0.1:${registry.port}/readyz`)).status).toBe(200);
  expect(registry.service.child.exitCode).toBeNull();
  expect(registry.service.child.pid).toBe(pid);
});
