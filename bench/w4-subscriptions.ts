import "./bench-env";
import "reflect-metadata";
import { fork, type ChildProcess } from "node:child_process";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { createClient, type Client } from "graphql-ws";
import pg from "pg";
import WebSocket, { WebSocketServer } from "ws";
import { signToken } from "../src/platform/auth/viewer";
import { loadConfig } from "../src/platform/config";
import { openDatabase } from "../src/platform/database/database";
import { usccCheckCharacter } from "../src/platform/validation/uscc";
import { listen } from "../src/platform/listen";
import { startPlatform } from "../src/start-platform";
import { createSubgraphs } from "../src/subgraphs/catalog";
import { latency, round } from "./measure";

/**
 * W4: SUBSCRIBERS partner subscriptions (one WebSocket each) on one instance receive one change.
 * The subscribers run in a child process, so the memory measured here is the server's alone (gateway,
 * feed subgraph, outbox tail). Latency runs from just before the change's mutation is sent until
 * each subscriber has the event. Variants: through the gateway, the feed subgraph directly, and a
 * hand-written floor (one LISTEN connection broadcasting the NOTIFY payload over plain `ws`).
 * Run: npm run build && node dist/bench/w4-subscriptions.js (DATABASE_URL, or the embedded database).
 */
const SUBSCRIBERS = Number(process.env.W4_SUBSCRIBERS ?? 1000);
const ROUNDS = Number(process.env.W4_ROUNDS ?? 20);
const SUBSCRIPTION = `subscription { changes(filter: { kinds: [ENTERPRISE_UPSERTED] }) { cursor kind province subjectId occurredAt } }`;

type ToClients =
  | { type: "start"; url: string; count: number; authorization?: string; raw: boolean }
  | { type: "collect"; key: string; timeoutMs: number }
  | { type: "stop" };
type FromClients = { type: "started" } | { type: "collected"; key: string; times: number[] } | { type: "stopped" };

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The child: opens the subscribers and reports when each event arrived. */
function runClients(): void {
  const receipts = new Map<string, number[]>();
  const waiting = new Map<string, () => void>();
  let clients: Client[] = [];
  let sockets: WebSocket[] = [];
  let expected = 0;
  const record = (key: string) => {
    const times = receipts.get(key) ?? [];
    times.push(now());
    receipts.set(key, times);
    if (times.length >= expected) waiting.get(key)?.();
  };
  const send = (message: FromClients) => process.send!(message);
  process.on("message", async (message: ToClients) => {
    if (message.type === "start") {
      expected = message.count;
      if (message.raw) {
        sockets = await Promise.all(
          Array.from({ length: message.count }, () => new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(message.url);
            socket.on("message", (data) => record(String(data)));
            socket.once("open", () => resolve(socket));
            socket.once("error", reject);
          })),
        );
      } else {
        clients = Array.from({ length: message.count }, () => {
          const client = createClient({ url: message.url, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: message.authorization ? { authorization: message.authorization } : {} });
          client.subscribe<{ changes: { subjectId: string } }>({ query: SUBSCRIPTION }, {
            next: (result) => result.data && record(result.data.changes.subjectId),
            error: (error) => console.error("subscriber error", error),
            complete: () => undefined,
          });
          return client;
        });
      }
      send({ type: "started" });
    } else if (message.type === "collect") {
      if ((receipts.get(message.key)?.length ?? 0) < expected) {
        await new Promise<void>((resolve) => {
          waiting.set(message.key, resolve);
          setTimeout(resolve, message.timeoutMs);
        });
      }
      waiting.delete(message.key);
      send({ type: "collected", key: message.key, times: receipts.get(message.key) ?? [] });
      receipts.delete(message.key);
    } else {
      await Promise.all(clients.map((c) => c.dispose()));
      for (const socket of sockets) socket.close();
      clients = [];
      sockets = [];
      send({ type: "stopped" });
    }
  });
}

/** The parent's handle on the child. */
class Subscribers {
  private readonly child: ChildProcess = fork(__filename, ["--clients"], { stdio: "inherit" });
  private ask(message: ToClients, reply: FromClients["type"]): Promise<FromClients> {
    return new Promise((resolve) => {
      const onMessage = (answer: FromClients) => {
        if (answer.type !== reply) return;
        this.child.off("message", onMessage);
        resolve(answer);
      };
      this.child.on("message", onMessage);
      this.child.send(message);
    });
  }
  start(url: string, raw: boolean, authorization?: string) {
    return this.ask({ type: "start", url, count: SUBSCRIBERS, raw, authorization }, "started");
  }
  async collect(key: string, timeoutMs = 30_000): Promise<number[]> {
    const answer = await this.ask({ type: "collect", key, timeoutMs }, "collected");
    return answer.type === "collected" ? answer.times : [];
  }
  stop() {
    return this.ask({ type: "stop" }, "stopped");
  }
  kill() {
    this.child.kill();
  }
}

let sequence = 0;
function freshUscc(): string {
  const org = `W4${String(Date.now() % 1e6).padStart(6, "0")}${sequence++ % 10}`;
  const first17 = `91330106${org}`;
  return first17 + usccCheckCharacter(first17);
}

interface VariantResult {
  name: string;
  delivered: string;
  latency: ReturnType<typeof latency> & { max: number };
  allReceivedMs: ReturnType<typeof latency>;
  changeMs: ReturnType<typeof latency>;
  serverMemory: { rssGrowthMiB: number; heapMiB: number; heapKiBPerSubscriber: number };
}

const mib = (bytes: number) => round(bytes / 2 ** 20, 1);

async function measureVariant(name: string, subscribers: Subscribers, connect: () => Promise<unknown>, change: (key: string) => Promise<void>): Promise<VariantResult> {
  global.gc?.();
  const before = process.memoryUsage();
  await connect();
  // Warm-up: repeat a change until every subscriber has one (their subscriptions are then live).
  for (let attempt = 0; ; attempt++) {
    const key = freshUscc();
    await change(key);
    const times = await subscribers.collect(key, 3_000);
    if (times.length >= SUBSCRIBERS) break;
    if (attempt === 20) throw new Error(`${name}: only ${times.length} of ${SUBSCRIBERS} subscribers became live`);
  }
  global.gc?.();
  const after = process.memoryUsage();
  const all: number[] = [];
  const lastPerRound: number[] = [];
  const changeMs: number[] = [];
  let delivered = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const key = freshUscc();
    const started = now();
    await change(key);
    changeMs.push(now() - started);
    const times = await subscribers.collect(key);
    delivered += times.length;
    const latencies = times.map((t) => t - started);
    all.push(...latencies);
    lastPerRound.push(Math.max(...latencies));
    await sleep(100);
  }
  await subscribers.stop();
  await sleep(500);
  global.gc?.();
  // Heap held with the subscribers connected minus the heap once they are gone (rss rarely shrinks).
  const heap = after.heapUsed - process.memoryUsage().heapUsed;
  return {
    name,
    delivered: `${delivered} of ${SUBSCRIBERS * ROUNDS}`,
    latency: { ...latency(all), max: round(Math.max(...all)) },
    allReceivedMs: latency(lastPerRound),
    changeMs: latency(changeMs),
    serverMemory: { rssGrowthMiB: mib(after.rss - before.rss), heapMiB: mib(heap), heapKiBPerSubscriber: round(heap / 1024 / SUBSCRIBERS, 1) },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const modules = createSubgraphs();
  const database = await openDatabase(config, modules.flatMap((m) => m.entities), { migrate: true });
  const platform = await startPlatform(database.orm, modules, { port: 0, host: "127.0.0.1" });
  const partner = `Bearer ${signToken({ sub: "w4-partner", role: "partner" }, config.jwtSecret)}`;
  const admin = `Bearer ${signToken({ sub: "w4-admin", role: "admin" }, config.jwtSecret)}`;
  const importOne = async (key: string) => {
    const response = await fetch(platform.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: admin },
      body: JSON.stringify({ query: `mutation($r: [EnterpriseInput!]!) { importEnterprises(records: $r) { accepted } }`, variables: { r: [{ uscc: key, name: `W4 ${key} ${Date.now()}` }] } }),
    });
    const body = (await response.json()) as { data?: { importEnterprises: { accepted: number } } };
    if (body.data?.importEnterprises.accepted !== 1) throw new Error(`W4: the change was refused: ${JSON.stringify(body)}`);
  };
  const wsOf = (url: string) => url.replace(/^http/, "ws").replace("localhost", "127.0.0.1");
  const subscribers = new Subscribers();
  const results: VariantResult[] = [];
  try {
    results.push(await measureVariant("gateway (Hive Gateway -> feed subgraph)", subscribers, () => subscribers.start(wsOf(platform.gateway.url), false, partner), importOne));
    results.push(await measureVariant("feed subgraph directly", subscribers, () => subscribers.start(wsOf(platform.subgraphs.feed!.url), false, partner), importOne));

    // The floor: one LISTEN connection and a plain ws broadcast of the NOTIFY payload, nothing else.
    const listener = new pg.Client({ connectionString: database.url });
    const notifier = new pg.Client({ connectionString: database.url });
    await Promise.all([listener.connect(), notifier.connect()]);
    const server = http.createServer();
    const wss = new WebSocketServer({ server });
    // The platform's backlog, so that the floor's subscribers connect as the platform's do.
    const { port: floorPort } = await listen(server, 0, "127.0.0.1");
    listener.on("notification", (n) => {
      for (const socket of wss.clients) socket.send(n.payload ?? "");
    });
    await listener.query("listen w4_baseline");
    results.push(
      await measureVariant("hand-written floor (LISTEN + plain ws broadcast)", subscribers, () => subscribers.start(`ws://127.0.0.1:${floorPort}`, true), async (key) => {
        await notifier.query("select pg_notify('w4_baseline', $1)", [key]);
      }),
    );
    await Promise.all([listener.end(), notifier.end()]);
    wss.close();
    server.close();
  } finally {
    subscribers.kill();
    await platform.stop();
    await database.close();
  }
  const [gateway, , floor] = results;
  console.log(JSON.stringify({
    workload: `W4: ${SUBSCRIBERS} subscribers on one instance receive one change (${ROUNDS} changes)`,
    note: "latency from just before the mutation is sent (or the NOTIFY, for the floor) until each subscriber has the event; changeMs is the mutation's own round trip (commit included); heapMiB is the server's heap with the subscribers connected minus after they left, rssGrowthMiB the rss growth when they connected (run node with --expose-gc)",
    results,
    ratios: { "gateway p50 / floor p50": round(gateway!.latency.p50 / floor!.latency.p50, 1), "gateway p99 / floor p99": round(gateway!.latency.p99 / floor!.latency.p99, 1) },
  }, null, 2));
}

if (process.argv.includes("--clients")) runClients();
else
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
