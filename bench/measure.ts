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

/**
 * One request at a time, after a warm-up: latency without queueing, and the SQL statements each
 * request cost (the platform runs in this process, so the counter sees every subgraph's statements).
 */
export async function sequential(run: (i: number) => Promise<void>, count: number, warmup = 20): Promise<Latency & { statementsPerRequest: number }> {
  for (let i = 0; i < warmup; i++) await run(i);
  const times: number[] = [];
  const before = sqlStatementCount();
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await run(warmup + i);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { ...latency(times), statementsPerRequest: round((sqlStatementCount() - before) / count, 1) };
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

/**
 * Latency of an HTTP endpoint, one request at a time, measured by a client in its own process
 * (latency-worker.ts), with the SQL statements each request cost (the servers run in this process).
 */
export async function externalSequential(options: { url: string; bodies: string[]; headers?: Record<string, string>; count: number; warmup?: number }): Promise<Latency & { statementsPerRequest: number }> {
  const before = sqlStatementCount();
  const warmup = options.warmup ?? 20;
  const times = await runWorker<number[]>("latency-worker.js", { ...options, warmup });
  // The warm-up's requests cost statements too: the count is over every request sent.
  return { ...latency(times), statementsPerRequest: round((sqlStatementCount() - before) / (warmup + options.count), 1) };
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
  const result = await runWorker<{ requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number }>("autocannon-worker.js", options);
  return {
    concurrency: options.connections, seconds: options.seconds, requestsPerSecond: round(result.requests.average, 1),
    p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx,
  };
}
