import autocannon from "autocannon";

/** Runs one autocannon measurement described on stdin and prints its result as JSON (see measure.ts). */
async function main(): Promise<void> {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const options = JSON.parse(input) as { url: string; bodies: string[]; headers?: Record<string, string>; connections: number; seconds: number };
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: options.bodies.map((body) => ({ method: "POST", body, headers: { "content-type": "application/json", ...options.headers } })),
    // A GraphQL error comes with HTTP 200: such an answer is counted as a mismatch, not a request served.
    verifyBody: (body) => !/"errors"\s*:/.test(String(body ?? "")),
  });
  process.stdout.write(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
