import http from "node:http";

interface Options {
  url: string;
  bodies: string[];
  headers?: Record<string, string>;
  count: number;
  warmup: number;
  /** Where in `bodies` to start (inTurns moves it on every round). */
  offset?: number;
}

/**
 * One request at a time over a kept-alive connection, timed from the first byte sent to the last byte
 * read, printed as JSON (see measure.ts). A process of its own: the client's work (undici's fetch cost
 * about a millisecond a request) neither shares the servers' event loop nor counts as theirs.
 */
async function main(): Promise<void> {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const options = JSON.parse(input) as Options;
  const url = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const send = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...options.headers } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString();
            if (response.statusCode !== 200 || text.includes('"errors"')) reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`));
            else resolve();
          });
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  const offset = options.offset ?? 0;
  for (let i = 0; i < options.warmup; i++) await send(options.bodies[(offset + i) % options.bodies.length]!);
  const times: number[] = [];
  for (let i = 0; i < options.count; i++) {
    const started = process.hrtime.bigint();
    await send(options.bodies[(offset + options.warmup + i) % options.bodies.length]!);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  agent.destroy();
  process.stdout.write(JSON.stringify(times));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
