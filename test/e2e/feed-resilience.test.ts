import WebSocket from "ws";
import { createSubgraphs, federationOf } from "../../src/subgraphs/catalog";
import { startPlatform, type RunningPlatform } from "../../src/start-platform";
import { ADMIN, post, startTestPlatform, tokenFor, type TestPlatform } from "../support/platform";
import { IMPORT_ENTERPRISES } from "../support/fixtures";
import { slowConsumerClosures } from "../../src/platform/graphql/bounded-stream";
import { cursorId, enterprises, PARTNER, sleep, subscribe, type Subscriber } from "./feed-client";

const SUBGRAPHS = ["registry", "certification", "feed"];
// Big events fill the kernel's socket buffers (about 4 MB on loopback) in fewer events, so that the
// gateway's own per-subscriber queue is what overflows within a few imports.
process.env.MAX_QUERY_ALIASES = "300";
const HEAVY = `subscription($after: String) { changes(after: $after) { cursor kind ${Array.from({ length: 250 }, (_, i) => `s${i}: occurredAt`).join(" ")} } }`;
let t: TestPlatform;
let second: RunningPlatform | undefined;

/** A WebSocket whose reading can be paused, as a partner system that stops draining its socket. */
class PausableWebSocket extends WebSocket {
  static last: PausableWebSocket | undefined;
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    PausableWebSocket.last = this;
  }
}

const importMany = async (count: number, tag: string) => {
  const result = await t.ok(IMPORT_ENTERPRISES, { records: enterprises(count, tag) }, ADMIN);
  expect(result.importEnterprises.accepted).toBe(count);
};

function expectContiguous(subscriber: Subscriber, count: number) {
  const ids = subscriber.events.map((e) => cursorId(e.cursor));
  expect(ids).toHaveLength(count);
  expect(new Set(ids).size).toBe(count);
  expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
}

beforeAll(async () => {
  t = await startTestPlatform(SUBGRAPHS);
});
afterAll(async () => {
  await second?.stop();
  await t?.stop();
});

let known: string | null = null;
/** The cursor of the newest event, so that a subscription starts at a known point rather than "now". */
async function cursorNow(): Promise<string | null> {
  for (;;) {
    const data = await t.ok(`query($after: String) { changes(after: $after, first: 100) { pageInfo { hasNextPage endCursor } } }`, { after: known }, PARTNER);
    known = data.changes.pageInfo.endCursor ?? known;
    if (!data.changes.pageInfo.hasNextPage) return known;
  }
}

const listenerPids = async (): Promise<number[]> => {
  const rows = await t.db.orm.em.fork().execute<{ pid: number }[]>(
    "select pid from pg_stat_activity where datname = current_database() and application_name = 'yrd-feed-listener'",
  );
  return rows.map((r) => r.pid).sort();
};

describe("the change feed under stress", () => {
  it("delivers every event to the subscribers of each of two instances on one database", async () => {
    second = await startPlatform(t.db.orm, createSubgraphs(federationOf(SUBGRAPHS)), { port: 0, host: "127.0.0.1" });
    const secondUrl = second.gateway.url;
    await importMany(1, "TM");
    const after = await cursorNow();
    const subscribers = [t.gatewayUrl, t.gatewayUrl, secondUrl, secondUrl].map((url) => subscribe(url, { after }));
    await importMany(300, "TA");
    const viaSecond = await post(secondUrl, { query: IMPORT_ENTERPRISES, variables: { records: enterprises(200, "TB") } }, { authorization: `Bearer ${tokenFor(ADMIN)}` });
    expect(viaSecond.data?.importEnterprises.accepted).toBe(200);
    for (const subscriber of subscribers) await subscriber.waitFor(500);
    await sleep(200);
    const order = subscribers[0]!.events.map((e) => e.cursor);
    for (const subscriber of subscribers) {
      expectContiguous(subscriber, 500);
      expect(subscriber.events.map((e) => e.cursor)).toEqual(order);
    }
    expect(subscribers[0]!.events.map((e) => e.subjectId)).toEqual([...enterprises(300, "TA"), ...enterprises(200, "TB")].map((e) => e.uscc));
    await Promise.all(subscribers.map((s) => s.close()));
  });

  it("re-LISTENs after its database connection is killed and loses nothing", async () => {
    const before = await listenerPids();
    expect(before).toHaveLength(2); // one per instance
    const start = await cursorNow();
    const subscribers = [subscribe(t.gatewayUrl, { after: start }), subscribe(second!.gateway.url, { after: start })];
    await importMany(10, "UA");
    for (const s of subscribers) await s.waitFor(10);
    await t.db.orm.em.fork().execute(`select pg_terminate_backend(pid) from pg_stat_activity where pid in (${before.join(",")})`);
    // Written while the listeners are away: their NOTIFY is lost; re-reading the outbox on reconnection finds them.
    await importMany(10, "UB");
    const deadline = Date.now() + 10_000;
    let after = await listenerPids();
    while ((after.length < 2 || after.some((pid) => before.includes(pid))) && Date.now() < deadline) {
      await sleep(100);
      after = await listenerPids();
    }
    expect(after).toHaveLength(2);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
    await importMany(10, "UC");
    for (const s of subscribers) {
      await s.waitFor(30);
      expectContiguous(s, 30);
      expect(s.events.map((e) => e.subjectId)).toEqual([...enterprises(10, "UA"), ...enterprises(10, "UB"), ...enterprises(10, "UC")].map((e) => e.uscc));
    }
    await Promise.all(subscribers.map((s) => s.close()));
  });

  it("closes a slow subscriber with SLOW_CONSUMER while a fast one keeps receiving; it resumes by cursor", async () => {
    const after = await cursorNow();
    const fast = subscribe(t.gatewayUrl, { after });
    const slow = subscribe(t.gatewayUrl, { after }, { webSocketImpl: PausableWebSocket, query: HEAVY });
    await importMany(1, "WA");
    await slow.waitFor(1);
    await fast.waitFor(1);
    // The partner system stops reading its socket.
    const socket = PausableWebSocket.last!;
    socket.pause();
    const closedBefore = slowConsumerClosures();
    let written = 1;
    for (let round = 0; slowConsumerClosures() === closedBefore; round++) {
      if (round === 20) throw new Error("the slow subscriber was never closed");
      await importMany(500, `W${String(round).padStart(2, "0")}`);
      written += 500;
      await fast.waitFor(written);
      await sleep(200);
    }
    const rss = process.memoryUsage().rss;
    socket.resume();
    await slow.waitForEnd(30_000);
    expect(slow.errors).toEqual([expect.objectContaining({ extensions: { code: "LIMIT_EXCEEDED", reason: "SLOW_CONSUMER" } })]);
    // It got a prefix of the feed (what the sockets already held), then resumes by cursor without loss.
    expect(slow.events.length).toBeLessThan(written);
    expect(slow.events.map((e) => e.cursor)).toEqual(fast.events.slice(0, slow.events.length).map((e) => e.cursor));
    const resumed = subscribe(t.gatewayUrl, { after: slow.events.at(-1)!.cursor });
    await resumed.waitFor(written - slow.events.length);
    expect([...slow.events, ...resumed.events].map((e) => e.cursor)).toEqual(fast.events.map((e) => e.cursor));
    expectContiguous(fast, written);
    expect(fast.done).toBe(false);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    await Promise.all([fast.close(), resumed.close(), slow.close()]);
  });
});
