import { ADMIN, startTestPlatform, tokenFor, type TestPlatform } from "../support/platform";

/**
 * A barrage of malformed, oversized, deeply nested and wrongly typed requests at the gateway (loopback,
 * bounded count): every answer is a GraphQL error with a contract code, never a 5xx or a stack trace,
 * and the gateway still answers a valid query afterwards.
 */
let t: TestPlatform;
const CODES = new Set(["BAD_USER_INPUT", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "INVALID_TRANSITION", "LIMIT_EXCEEDED", "INTERNAL_SERVER_ERROR"]);

beforeAll(async () => {
  t = await startTestPlatform(["registry", "certification"]);
});
afterAll(async () => {
  await t?.stop();
});

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

interface Shot {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  query?: string;
}

const TOKENS = ["query", "mutation", "subscription", "fragment", "on", "{", "}", "(", ")", "[", "]", ":", "$", "!", "=", "...", "@", "|", "&",
  "certificates", "certificate", "enterprise", "provinces", "code", "edges", "node", "first", "id", "__schema", "__type", "__typename",
  "setCertificateStatus", "importEnterprises", "1", "-1", "1e999", "99999999999999999999", '"x"', '"\\u0000"', '"""block"""', "true", "null", "#c\n", "\u{1F600}", "\u0000"];
const VALID = `query($id: ID!, $first: Int, $status: CertificateStatus!) { certificate(id: $id) { id } certificates(first: $first, filter: { statuses: [$status] }) { totalCount } }`;
const WEIRD_VALUES: unknown[] = ["abc", 1e20, 2147483648, -1, 1.5, true, null, {}, [], [[[]]], { id: 1 }, "\u0000", "x".repeat(10_000), "ACTIVE", "EXPIRED", "DROP TABLE"];

function nestedArray(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

function shot(r: ReturnType<typeof random>, i: number): Shot {
  const json = (value: unknown, headers: Record<string, string> = {}): Shot => ({ body: JSON.stringify(value), headers: { "content-type": "application/json", ...headers } });
  switch (i % 14) {
    case 0: { // random token soup
      const n = 1 + r.int(60);
      return json({ query: Array.from({ length: n }, () => r.pick(TOKENS)).join(" ") });
    }
    case 1: { // valid JSON cut short, or bytes that are not JSON
      const body = JSON.stringify({ query: VALID, variables: { id: "1" } });
      return { body: r.next() < 0.5 ? body.slice(0, r.int(body.length)) : Buffer.from(Array.from({ length: 1 + r.int(200) }, () => r.int(256))).toString("latin1"), headers: { "content-type": "application/json" } };
    }
    case 2: // query of the wrong type, or missing
      return json(r.pick([{ query: 123 }, { query: null }, { query: {} }, { query: [VALID] }, {}, { variables: {} }, [], null, "query", 42]));
    case 3: // wrongly typed variables
      return json({ query: VALID, variables: { id: r.pick(WEIRD_VALUES), first: r.pick(WEIRD_VALUES), status: r.pick(WEIRD_VALUES) } });
    case 4: // variables that are not an object
      return json({ query: VALID, variables: r.pick(["string", [1, 2], 7, true, nestedArray(50)]) });
    case 5: // deeply nested selections (thousands of braces)
      return json({ query: `{ ${"certificates { edges { node { holder { ".repeat(20 + r.int(100))}uscc${" } } } }".repeat(10)} }` });
    case 6: // deeply nested variable values
      return { body: `{"query":${JSON.stringify(VALID)},"variables":{"id":${nestedArray(1000 + r.int(2000))}}}`, headers: { "content-type": "application/json" } };
    case 7: // wrong content types
      return { body: JSON.stringify({ query: "{ provinces { code } }" }), headers: { "content-type": r.pick(["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; charset=latin9"]) } };
    case 8: // operationName that matches nothing, or several operations without one
      return json(r.pick([{ query: VALID, operationName: "Nope" }, { query: "query A { provinces { code } } query B { provinces { code } }" }, { query: "{ provinces { code } }", operationName: 5 }]));
    case 9: // mutations with records of the wrong shape, and as the public
      return json({ query: `mutation($r: [EnterpriseInput!]!) { importEnterprises(records: $r) { accepted } }`, variables: { r: r.pick([[{}], [{ uscc: 1 }], "x", [null], [{ uscc: "91350100M000100Y43", name: "x", extra: true }]]) } },
        r.next() < 0.5 ? { authorization: `Bearer ${tokenFor(ADMIN)}` } : {});
    case 10: // GET with a query in the URL, mutations included
      return { method: "GET", query: r.pick(["{ provinces { code } }", "mutation { importEnterprises(records: []) { accepted } }", "{", "%%%", "a".repeat(5000)]), headers: { accept: "application/json" } };
    case 11: // long documents just under the token limit, and long strings
      return r.next() < 0.5 ? json({ query: `{ provinces { ${"code ".repeat(4000)} } }` }) : json({ query: "query($id: ID!) { certificate(id: $id) { id } }", variables: { id: "9".repeat(200_000) } });
    case 12: // batches, persisted-query hashes and extensions
      return json(r.pick([[{ query: "{ provinces { code } }" }, { query: "{" }], { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }, { query: "{ provinces { code } }", extensions: "x" }]));
    default: // bad tokens and odd authorization headers
      return json({ query: "{ provinces { code } }" }, { authorization: r.pick(["Bearer", "Bearer a.b.c", "Basic Zm9vOmJhcg==", `Bearer ${"x".repeat(5000)}`, `Bearer ${tokenFor(ADMIN).split(".").slice(0, 2).join(".")}.`]) });
  }
}

async function fire(url: string, s: Shot): Promise<{ status: number; text: string }> {
  const target = s.query !== undefined ? `${url}?query=${encodeURIComponent(s.query)}` : url;
  try {
    const response = await fetch(target, { method: s.method ?? "POST", headers: s.headers, body: s.method === "GET" ? undefined : s.body, signal: AbortSignal.timeout(5000) });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    return { status: 599, text: `no answer: ${(error as Error).message}` };
  }
}

it("answers thousands of hostile requests with coded GraphQL errors, and stays up", async () => {
  const r = random(20261125);
  // 2,000 by default (about 20 s on a busy 2-core machine); HOSTILE_SHOTS changes it when hunting a bug.
  const shots = Array.from({ length: Number(process.env.HOSTILE_SHOTS ?? 2000) }, (_, i) => shot(r, i));
  // Oversized bodies (over MAX_BODY_BYTES), a few: they are the expensive ones to send.
  for (let i = 0; i < 4; i++) shots.push({ body: JSON.stringify({ query: "{ provinces { code } }", variables: { pad: "x".repeat(5 * 1024 * 1024) } }), headers: { "content-type": "application/json" } });
  const problems: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < shots.length) {
      const index = next++;
      const { status, text } = await fire(t.gatewayUrl, shots[index]!);
      const where = `#${index} (kind ${index % 14}) -> ${status}: ${text.slice(0, 200)}`;
      if (status >= 500) problems.push(`5xx ${where}`);
      if (/\n\s+at |stacktrace|node_modules|\.ts:\d+/.test(text)) problems.push(`stack trace ${where}`);
      let body: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
      try {
        body = JSON.parse(text);
      } catch {
        problems.push(`not JSON ${where}`);
        continue;
      }
      if (!body.errors?.length && body.data === undefined) problems.push(`neither data nor errors ${where}`);
      for (const error of body.errors ?? []) if (!CODES.has(String(error.extensions?.code))) problems.push(`uncoded error ${where}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  expect(problems.slice(0, 20)).toEqual([]);
  const after = await t.ok(`{ provinces { code } }`);
  expect(after.provinces).toHaveLength(4);
}, 60_000);
