import { spawn } from "node:child_process";
import path from "node:path";
import { sqlStatementCount } from "../src/platform/database/statement-counter";

export interface Latency {
  samples: number;
  p50: number;
  p99: number;
  mean: number;
}

export function latency(ms: number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { samples: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length) };
}

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Samples of one way to serve a request: `count` timings (ms), and the SQL statements they cost. */
export type Sampler = (count: number, offset: number) => Promise<{ times: number[]; statements: number; requests: number }>;

/**
 * One request at a time in this process (the hand-written SQL), timed, with the statements counted.
 * `offset` moves through the inputs, so that every round of inTurns asks for other rows.
 */
export function inProcessSampler(run: (i: number) => Promise<void>, warmup = 3): Sampler {
  return async (count, offset) => {
    for (let i = 0; i < warmup; i++) await run(offset + i);
    const times: number[] = [];
    const before = sqlStatementCount();
    for (let i = 0; i < count; i++) {
      const started = process.hrtime.bigint();
      await run(offset + warmup + i);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return { times, statements: sqlStatementCount() - before, requests: count };
  };
}

/**
 * One HTTP request at a time, by a client in its own process (latency-worker.ts) over a kept-alive
 * connection, with the SQL statements each request cost (the servers run in this process; the
 * warm-up's requests count too).
 */
export function httpSampler(options: { url: string; bodies: string[]; headers?: Record<string, string> }, warmup = 3): Sampler {
  return async (count, offset) => {
    const before = sqlStatementCount();
    const times = await runWorker<number[]>("latency-worker.js", { ...options, count, warmup, offset });
    return { times, statements: sqlStatementCount() - before, requests: warmup + count };
  };
}

/**
 * Latency of several ways to serve the same request, one request at a time, measured in turns: after a
 * warm-up of each, `rounds` rounds that each take an equal share of every variant's `count` samples,
 * in an order that rotates. This machine's CPU speed drifts by a quarter within seconds (other tenants):
 * measured one after another, two variants' p50s would differ by that drift too; in turns they share it.
 * The warm-up is long because V8 is slow to optimise a path: a lookup's p50 over its first few dozen
 * requests measured twice what it is after two hundred, which is what a running server answers with.
 */
export async function inTurns(samplers: Sampler[], count: number, rounds = 5, warmup = 200): Promise<(Latency & { statementsPerRequest: number })[]> {
  for (const sample of samplers) await sample(warmup, 0);
  const collected = samplers.map(() => ({ times: [] as number[], statements: 0, requests: 0 }));
  const perRound = Math.ceil(count / rounds);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < samplers.length; k++) {
      const v = (k + round) % samplers.length;
      const { times, statements, requests } = await samplers[v]!(perRound, warmup + round * perRound);
      collected[v]!.times.push(...times);
      collected[v]!.statements += statements;
      collected[v]!.requests += requests;
    }
  }
  return collected.map((c) => ({ ...latency(c.times), statementsPerRequest: round(c.statements / c.requests, 1) }));
}

export interface Throughput {
  concurrency: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/**
 * A bench worker (a script next to this one) in a child process, so that the client does not share an
 * event loop with the servers it measures: `input` as JSON on stdin, its stdout parsed as JSON.
 */
function runWorker<T>(script: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, script)], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`${script} exited with ${code}`))));
    child.stdin.end(JSON.stringify(input));
  });
}

/** `concurrency` loops calling `run` for `seconds`: the throughput of something that is not HTTP (pg). */
export async function closedLoop(run: (i: number) => Promise<void>, concurrency: number, seconds: number): Promise<Throughput> {
  const end = Date.now() + seconds * 1000;
  const times: number[] = [];
  let errors = 0;
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const t = process.hrtime.bigint();
        try {
          await run(next++);
        } catch {
          errors++;
        }
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const l = latency(times);
  return { concurrency, seconds, requestsPerSecond: round(times.length / ((Date.now() - started) / 1000), 1), p50: l.p50, p99: l.p99, errors };
}

/** autocannon in a child process (autocannon-worker.ts); each connection cycles through `bodies` (e.g. different certificate numbers). */
export async function autocannon(options: { url: string; bodies: string[]; headers?: Record<string, string>; connections: number; seconds: number }): Promise<Throughput> {
  const result = await runWorker<{ requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number; mismatches: number }>("autocannon-worker.js", options);
  return {
    concurrency: options.connections, seconds: options.seconds, requestsPerSecond: round(result.requests.average, 1),
    p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx + (result.mismatches ?? 0),
  };
}
