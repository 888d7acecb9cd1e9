import { ADMIN, startTestPlatform, type TestPlatform } from "../support/platform";
import { certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";
import { pruneChanges } from "../../src/subgraphs/feed/retention.service";
import { readAudit } from "../../src/platform/security/audit";
import { cursorId, enterprises, PARTNER, subscribe, type ChangeEventData } from "./feed-client";

let t: TestPlatform;
const HZ = makeUscc("330106", "MA27X0001");

const CHANGES = `query($filter: ChangeFilter, $after: String, $first: Int) {
  changes(filter: $filter, after: $after, first: $first) { edges { cursor node { cursor kind province subjectId occurredAt } } pageInfo { hasNextPage endCursor } }
}`;

/** Every event after `after` matching `filter`, paging the polling query as a partner would. */
async function pollAll(after: string | null, filter?: Record<string, unknown>, first = 100): Promise<{ events: ChangeEventData[]; pages: number }> {
  const events: ChangeEventData[] = [];
  let cursor = after;
  let pages = 0;
  for (;;) {
    const data = await t.ok(CHANGES, { filter, after: cursor, first }, PARTNER);
    pages++;
    events.push(...data.changes.edges.map((e: { node: ChangeEventData }) => e.node));
    if (!data.changes.pageInfo.hasNextPage) return { events, pages };
    cursor = data.changes.pageInfo.endCursor;
  }
}

async function lastCursor(): Promise<string | null> {
  const { events } = await pollAll(null);
  return events.at(-1)?.cursor ?? null;
}

beforeAll(async () => {
  t = await startTestPlatform(["registry", "certification", "feed"]);
  await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州测试电子有限公司" }] }, ADMIN);
  await t.ok(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-ZJ", "ZJ")] }, ADMIN);
  await t.ok(IMPORT_CERTIFICATES, { records: [certificate({ number: "ZJ-0001", holderUscc: HZ })] }, ADMIN);
});
afterAll(async () => {
  await t?.stop();
});

describe("the change feed through the gateway", () => {
  it("leaves an audit row for each subscription started, allowed or refused, with its filter", async () => {
    const since = new Date(Date.now() - 1000);
    const partner = { sub: "partner-audited", role: "partner" as const };
    // From the first event on, so that the certificate imported above is replayed to it.
    const [first] = (await pollAll(null)).events;
    const filter = { provinces: ["ZJ"], kinds: ["CERTIFICATE_UPSERTED"] };
    const allowed = subscribe(t.gatewayUrl, { filter, after: first!.cursor }, { as: partner });
    await allowed.waitFor(1);
    await allowed.close();
    const stranger = { sub: "enterprise-audited", role: "enterprise" as const, uscc: HZ };
    const refused = subscribe(t.gatewayUrl, {}, { as: stranger });
    await refused.waitForEnd();
    await refused.close();
    const rows = await readAudit(t.db.orm.em.fork(), { since });
    const of = (sub: string) => rows.filter((r) => r.actorSub === sub).map((r) => [r.subgraph, r.operationType, r.rootFields, r.outcome]);
    expect(of("partner-audited")).toEqual([["feed", "subscription", ["changes"], "OK"]]);
    expect(rows.find((r) => r.actorSub === "partner-audited")!.subjects).toEqual({ changes: { filter, after: first!.cursor } });
    expect(of("enterprise-audited")).toEqual([["feed", "subscription", ["changes"], "FORBIDDEN"]]);
  });

  it("is for partners, regulators and admins only", async () => {
    for (const as of [undefined, { sub: "e", role: "enterprise", uscc: HZ }, { sub: "i", role: "issuer", institutionId: "CB-ZJ" }] as const) {
      const response = await t.query(CHANGES, {}, as as never);
      expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    for (const as of [PARTNER, ADMIN, { sub: "r", role: "regulator", province: "SH" }] as const) {
      const data = await t.ok(CHANGES, {}, as as never);
      expect(data.changes.edges.length).toBeGreaterThan(0);
    }
    for (const as of [null, { sub: "e", role: "enterprise" as const, uscc: HZ }]) {
      const refused = subscribe(t.gatewayUrl, {}, { as });
      await refused.waitForEnd();
      expect(refused.events).toEqual([]);
      expect(refused.errors[0]?.extensions?.code).toBe("FORBIDDEN");
      await refused.close();
    }
  });

  it("delivers an event with its certificate resolved through the supergraph", async () => {
    const [{ id }] = (await t.ok(`{ certificatesByNumber(number: "ZJ-0001") { id } }`)).certificatesByNumber;
    const subscriber = subscribe(
      t.gatewayUrl,
      { filter: { kinds: ["CERTIFICATE_STATUS_CHANGED"] }, after: await lastCursor() },
      { query: `subscription($filter: ChangeFilter, $after: String) { changes(filter: $filter, after: $after) {
        cursor kind province subjectId occurredAt certificate { id number status holder { name } issuer { name } } standard { code } metrologyResult { id } } }` },
    );
    await t.ok(`mutation { setCertificateStatus(id: "${id}", status: SUSPENDED, reason: "抽查不合格") { status } }`, {}, ADMIN);
    const [event] = await subscriber.waitFor(1);
    expect(event).toMatchObject({
      kind: "CERTIFICATE_STATUS_CHANGED", province: "ZJ", subjectId: id, standard: null, metrologyResult: null,
      certificate: { id, number: "ZJ-0001", status: "SUSPENDED", holder: { name: "杭州测试电子有限公司" }, issuer: { name: "ZJ 认证机构 CB-ZJ" } },
    });
    expect(new Date(event!.occurredAt as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    await subscriber.close();
  });

  it("replays exactly the 500 events written while a subscriber was away, then continues live without a seam", async () => {
    const filter = { kinds: ["ENTERPRISE_UPSERTED"] };
    const first = subscribe(t.gatewayUrl, { filter, after: await lastCursor() });
    await t.ok(IMPORT_ENTERPRISES, { records: enterprises(1, "FA") }, ADMIN);
    const [seen] = await first.waitFor(1);
    await first.close();

    const away = enterprises(500, "FB");
    expect((await t.ok(IMPORT_ENTERPRISES, { records: away }, ADMIN)).importEnterprises).toEqual({ accepted: 500, rejected: [] });
    const back = subscribe(t.gatewayUrl, { filter, after: seen!.cursor });
    // Written while the replay runs: must follow the 500, neither lost nor repeated at the seam.
    const during = enterprises(50, "FC");
    await t.ok(IMPORT_ENTERPRISES, { records: during }, ADMIN);
    const received = await back.waitFor(550);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(back.events).toHaveLength(550);
    expect(back.events.map((e) => e.subjectId)).toEqual([...away, ...during].map((e) => e.uscc));
    const ids = received.map((e) => cursorId(e.cursor));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    expect(ids[0]).toBeGreaterThan(cursorId(seen!.cursor));
    await back.close();

    // The polling query pages through the same events.
    const polled = await pollAll(seen!.cursor, filter);
    expect(polled.events.map((e) => e.cursor)).toEqual(received.map((e) => e.cursor));
    expect(polled.pages).toBe(6);

    // Importing the same records again changes nothing and emits nothing.
    const before = await lastCursor();
    await t.ok(IMPORT_ENTERPRISES, { records: away }, ADMIN);
    expect((await pollAll(before)).events).toEqual([]);
  });

  it("filters by kinds and provinces", async () => {
    const after = await lastCursor();
    await t.ok(IMPORT_ENTERPRISES, { records: enterprises(8, "FD") }, ADMIN);
    const zj = await pollAll(after, { provinces: ["ZJ", "AH"] });
    expect(zj.events.map((e) => e.province)).toEqual(["ZJ", "AH", "ZJ", "AH"]);
    expect((await pollAll(after, { kinds: ["CERTIFICATE_UPSERTED"] })).events).toEqual([]);
    const subscriber = subscribe(t.gatewayUrl, { after, filter: { provinces: ["JS"], kinds: ["ENTERPRISE_UPSERTED"] } });
    await subscriber.waitFor(2);
    expect(subscriber.events.map((e) => e.province)).toEqual(["JS", "JS"]);
    await subscriber.close();
  });

  it("prunes events past the retention period and tells a partner with an older cursor to resync", async () => {
    const { events } = await pollAll(null);
    const cut = events[Math.floor(events.length / 2)]!;
    const em = t.db.orm.em.fork();
    await em.execute(`update outbox.change_event set occurred_at = now() - interval '100 days' where id <= ?`, [cursorId(cut.cursor)]);
    expect(await pruneChanges(t.db.orm.em, 90)).toBe(events.indexOf(cut) + 1);
    expect(await pruneChanges(t.db.orm.em, 90)).toBe(0);

    const expired = await t.query(CHANGES, { after: events[0]!.cursor }, PARTNER);
    expect(expired.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "CURSOR_EXPIRED" });
    const subscriber = subscribe(t.gatewayUrl, { after: events[1]!.cursor });
    await subscriber.waitForEnd();
    expect(subscriber.events).toEqual([]);
    expect(subscriber.errors[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "CURSOR_EXPIRED" });

    // The newest pruned cursor has missed nothing, so it still resumes; without a cursor paging starts at the oldest kept event.
    const rest = events.slice(events.indexOf(cut) + 1).map((e) => e.cursor);
    expect((await pollAll(cut.cursor)).events.map((e) => e.cursor)).toEqual(rest);
    expect((await pollAll(null)).events.map((e) => e.cursor)).toEqual(rest);
  });

  it("refuses a cursor that is not one of its own", async () => {
    const response = await t.query(CHANGES, { after: "bm90LWEtY3Vyc29y" }, PARTNER);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "CURSOR_INVALID" });
  });
});
