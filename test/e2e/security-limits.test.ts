import http from "node:http";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { ADMIN, post, startTestPlatform, tokenFor, type GraphQLResponse, type TestPlatform } from "../support/platform";

/** Abuse limits at the gateway (and a subgraph's own body limit), each answered with a contract code. */
let t: TestPlatform;
const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);

beforeAll(async () => {
  process.env.RATE_LIMIT_PER_MINUTE = "6";
  process.env.RATE_LIMIT_BURST = "30";
  process.env.SUBGRAPH_MAX_BODY_BYTES = "200000";
  t = await startTestPlatform(["registry", "certification"]);
});
afterAll(async () => {
  await t?.stop();
});

/** Each test its own caller, so the rate limiter (30 at once, then 1 every 10 s) only bites where meant. */
let callers = 0;
const as = () => ({ sub: `limits-${++callers}`, role: "partner" as const });
const ask = (query: string, variables?: Record<string, unknown>) => t.query(query, variables, as());

const nest = (levels: number) => {
  let inner = "uscc";
  for (let i = 0; i < levels; i++) inner = `certificates(first: 1) { edges { node { holder { ${inner} } } } }`;
  return `{ enterprise(uscc: "x") { ${inner} } }`;
};

describe("document limits (graphql-armor)", () => {
  it("accepts a realistic regulator page of 100 with nested data", async () => {
    const response = await ask(`{ certificates(first: 100) { totalCount edges { cursor node { id number status statusHistory { status reason at }
      holder { uscc name province } issuer { id name kind accreditations { scheme number scope status validFrom validUntil } } standards { code } } } pageInfo { hasNextPage endCursor } } }`);
    expect(response.errors).toBeUndefined();
  });

  it("refuses a query deeper than MAX_QUERY_DEPTH", async () => {
    expect(codes(await ask(nest(1)))).toEqual([]);
    const deep = await ask(nest(3));
    expect(codes(deep)).toEqual(["LIMIT_EXCEEDED"]);
    expect(deep.errors![0].message).toMatch(/depth/i);
  });

  it("refuses a costly query, also when its operation is named __schema (graphql-armor advisory)", async () => {
    const wide = Array.from({ length: 14 }, (_, i) => `f${i}: certificates(first: 100) { edges { node { id number holder { uscc name } issuer { id name } } } }`).join(" ");
    expect(codes(await ask(`query { ${wide} }`))).toEqual(["LIMIT_EXCEEDED"]);
    expect(codes(await ask(`query __schema { ${wide} }`))).toEqual(["LIMIT_EXCEEDED"]);
    const deepIntrospection = `query __schema { __schema { types { fields { type { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } } } }`;
    expect(codes(await ask(deepIntrospection))).toEqual(["LIMIT_EXCEEDED"]);
  });

  it("refuses too many aliases, directives and tokens", async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: provinces { code }`).join(" ");
    expect(codes(await ask(`{ ${aliases} }`))).toEqual(["LIMIT_EXCEEDED"]);
    const directives = Array.from({ length: 21 }, () => "@include(if: true)").join(" ");
    expect(codes(await ask(`{ provinces ${directives} { code } }`))).toEqual(["LIMIT_EXCEEDED"]);
    const tokens = `{ provinces { ${Array.from({ length: 5001 }, () => "code").join(" ")} } }`;
    expect(codes(await ask(tokens))).toEqual(["LIMIT_EXCEEDED"]);
  });

  it("refuses a page larger than MAX_PAGE_SIZE (100) rather than clamping it", async () => {
    const response = await ask(`{ certificates(first: 101) { totalCount } }`);
    expect(codes(response)).toEqual(["LIMIT_EXCEEDED"]);
  });
});

describe("the HTTP front door", () => {
  it("refuses a forged or expired token with 401 UNAUTHENTICATED, never as the public", async () => {
    const forged = await post(t.gatewayUrl, { query: "{ provinces { code } }" }, { authorization: `Bearer ${tokenFor(ADMIN)}x` });
    expect(forged.status).toBe(401);
    expect(codes(forged)).toEqual(["UNAUTHENTICATED"]);
    const jwt = await import("jsonwebtoken");
    const expired = jwt.default.sign({ sub: "a", role: "admin", exp: Math.floor(Date.now() / 1000) - 10 }, process.env.AUTH_JWT_SECRET!, { algorithm: "HS256" });
    const old = await post(t.gatewayUrl, { query: "{ provinces { code } }" }, { authorization: `Bearer ${expired}` });
    expect([old.status, codes(old)]).toEqual([401, ["UNAUTHENTICATED"]]);
  });

  it("refuses a body over MAX_BODY_BYTES with 413 LIMIT_EXCEEDED, declared or chunked", async () => {
    const big = JSON.stringify({ query: "{ provinces { code } }", variables: { pad: "x".repeat(4 * 1024 * 1024 + 10) } });
    const declared = await fetch(t.gatewayUrl, { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(declared.status).toBe(413);
    expect((await declared.json()).errors[0].extensions.code).toBe("LIMIT_EXCEEDED");

    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(t.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      });
      req.on("error", reject);
      for (let i = 0; i < 5; i++) req.write(big.slice(i * 1_000_000, (i + 1) * 1_000_000));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).errors[0].extensions.code).toBe("LIMIT_EXCEEDED");
  });

  it("reads a chunked body under MAX_BODY_BYTES and answers it (the guard bounds bodies; yoga's own check is off)", async () => {
    const body = JSON.stringify({ query: "{ provinces { code } }", extensions: { pad: "x".repeat(3_000_000) } });
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(t.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on("error", reject);
      for (let i = 0; i < body.length; i += 500_000) req.write(body.slice(i, i + 500_000));
      req.end();
    });
    expect([chunked.status, JSON.parse(chunked.body).errors]).toEqual([200, undefined]);
    expect(JSON.parse(chunked.body).data.provinces.map((p: { code: string }) => p.code)).toEqual(["SH", "JS", "ZJ", "AH"]);
  });

  it("a subgraph refuses a body over SUBGRAPH_MAX_BODY_BYTES with a coded JSON error, not an HTML page", async () => {
    const response = await post(t.platform.subgraphs.registry!.url, { query: "{ provinces { code } }", variables: { pad: "x".repeat(300_000) } });
    expect(response.status).toBe(413);
    expect(codes(response)).toEqual(["LIMIT_EXCEEDED"]);
    const notJson = await fetch(t.platform.subgraphs.registry!.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("rate limits each caller: over the burst gets 429 LIMIT_EXCEEDED with Retry-After, others are unaffected", async () => {
    const flood = { sub: "flooder", role: "partner" as const };
    const responses = await Promise.all(Array.from({ length: 40 }, () => t.query("{ provinces { code } }", undefined, flood)));
    const limited = responses.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(limited.every((r) => codes(r)[0] === "LIMIT_EXCEEDED")).toBe(true);
    expect(responses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(30);
    const raw = await fetch(t.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${tokenFor(flood)}` }, body: JSON.stringify({ query: "{ provinces { code } }" }) });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await ask("{ provinces { code } }")).status).toBe(200);
  });

  it("counts graphql-ws connections against the same limit: over it, the socket closes with 4429", async () => {
    const authorization = `Bearer ${tokenFor({ sub: "ws-flooder", role: "partner" })}`;
    const open = () =>
      new Promise<number | "acknowledged">((resolve) => {
        const client = createClient({
          url: t.gatewayUrl.replace(/^http/, "ws"), webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization },
          on: { connected: () => resolve("acknowledged"), closed: (event) => resolve((event as { code: number }).code) },
          onNonLazyError: () => undefined,
        });
        setTimeout(() => void client.dispose(), 3000);
      });
    const outcomes = await Promise.all(Array.from({ length: 36 }, open));
    expect(outcomes.filter((o) => o === "acknowledged").length).toBeGreaterThanOrEqual(30);
    expect(outcomes.filter((o) => o === 4429).length).toBeGreaterThanOrEqual(1);
  });
});
