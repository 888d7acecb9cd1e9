import pg from "pg";
import { ChangeKind } from "../../src/platform/feed/change-kind";
import { appendChanges } from "../../src/platform/feed/outbox";
import { ProvinceCode } from "../../src/platform/province";
import { ChangeFeedStore, TAIL_SQL, toRow, type RawRow } from "../../src/subgraphs/feed/change-feed.service";
import { ChangeHub } from "../../src/subgraphs/feed/change-hub";
import type { ChangeRow } from "../../src/subgraphs/feed/change-row";
import { ChangeStream } from "../../src/subgraphs/feed/change-stream";
import { createTestDatabase, type TestDatabase } from "../support/database";

/**
 * The hub on a database of its own, its tail read through a client that counts the rows it reads:
 * what matters here is what the hub reads while nobody subscribes, and that a stream misses nothing.
 */
let db: TestDatabase;
let client: pg.Client;
let hub: ChangeHub;
let store: ChangeFeedStore;
let rowsRead = 0;

const append = (count: number, subject: string) =>
  db.orm.em.fork().transactional((tx) =>
    appendChanges(tx, Array.from({ length: count }, (_, i) => ({ kind: ChangeKind.ENTERPRISE_UPSERTED, province: ProvinceCode.ZJ, subjectId: `${subject}-${i}` }))),
  );

const next = async (stream: ChangeStream, count: number): Promise<ChangeRow[]> => {
  const rows: ChangeRow[] = [];
  while (rows.length < count) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`only ${rows.length} of ${count} events`)), 5000)));
    const result = await Promise.race([stream.next(), late]).finally(() => clearTimeout(timer));
    rows.push(result.value as ChangeRow);
  }
  return rows;
};

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  store = new ChangeFeedStore(db.orm.em.fork());
  const readTail = async (afterId: number, limit: number) => {
    const { rows } = await client.query<RawRow>(TAIL_SQL, [afterId, limit]);
    rowsRead += rows.length;
    return rows.map(toRow);
  };
  // No timer wake-ups within a test: it calls refresh itself, as a NOTIFY would.
  hub = new ChangeHub(store, readTail, { tailSize: 10_000, fallbackPollMs: 600_000 });
  await hub.start();
});

afterAll(async () => {
  hub?.stop();
  await client?.end();
  await db?.drop();
});

describe("the change hub", () => {
  it("reads no event while no stream is open, keeping only the head, and a stream opened later replays what it has not seen", async () => {
    const before = await store.head();
    await append(300, "idle");
    await hub.refresh();
    expect(rowsRead).toBe(0);
    // The window moved on with the head: a read from before it goes to the outbox and finds every event.
    const head = await store.head();
    expect(head).toBe(before + 300);
    const replay = new ChangeStream(hub, {}, before);
    try {
      const replayed = await next(replay, 300);
      expect(replayed.map((r) => r.subjectId)).toEqual(Array.from({ length: 300 }, (_, i) => `idle-${i}`));
      expect(rowsRead).toBe(0);

      // Open, the stream is fed from the window: the hub reads each new event once.
      await append(5, "live");
      await hub.refresh();
      expect(rowsRead).toBe(5);
      expect((await next(replay, 5)).map((r) => r.subjectId)).toEqual(["live-0", "live-1", "live-2", "live-3", "live-4"]);
    } finally {
      await replay.return();
    }

    // Closed again: the next events are not read.
    await append(50, "after");
    await hub.refresh();
    expect(rowsRead).toBe(5);
    const from = await store.head();
    expect(from).toBe(head + 55);
  });

  it("wakes a stream that opens while the hub is skipping ahead, so that it reads what was skipped", async () => {
    const position = await store.head();
    await append(3, "skipped");
    // The wake-up finds no stream and goes to read the head; the stream opens before that answer and
    // finds nothing after its position in the window, so it waits. The skip must wake it.
    const skipping = hub.refresh();
    const stream = new ChangeStream(hub, {}, position);
    try {
      expect((await next(stream, 3)).map((r) => r.subjectId)).toEqual(["skipped-0", "skipped-1", "skipped-2"]);
      await skipping;
      expect(rowsRead).toBe(5);
    } finally {
      await stream.return();
    }
  });
});
