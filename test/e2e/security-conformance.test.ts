import http from "node:http";
import type { AddressInfo } from "node:net";
import jwt from "jsonwebtoken";
import { serverAudits } from "graphql-http";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { ADMIN, startTestPlatform, tokenFor, type TestPlatform } from "../support/platform";
import { certificationBody, IMPORT_INSTITUTIONS } from "../support/fixtures";
import { rsaKeyPair } from "../support/rsa-key-pair";

/** GraphQL over HTTP conformance at the gateway (graphql-http's audits), and graphql-ws close codes for bad tokens. */
let t: TestPlatform;
// An identity provider's published keys (AUTH_JWKS_URL), for RS256 tokens beside the HS256 ones.
const idp = rsaKeyPair();
let jwks: http.Server;

beforeAll(async () => {
  const key = { ...idp.publicKey.export({ format: "jwk" }), kid: "idp-1", use: "sig", alg: "RS256" };
  jwks = http.createServer((_req, res) => res.setHeader("content-type", "application/json").end(JSON.stringify({ keys: [key] })));
  await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
  process.env.AUTH_JWKS_URL = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  t = await startTestPlatform(["registry", "certification"]);
});
afterAll(async () => {
  await t?.stop();
  await new Promise((resolve) => jwks?.close(resolve));
});

it("accepts RS256 tokens signed by a key of AUTH_JWKS_URL, at the gateway and in the subgraph that writes", async () => {
  const token = jwt.sign({ sub: "idp-admin", role: "admin" }, idp.privateKey, { algorithm: "RS256", keyid: "idp-1", expiresIn: "5m" });
  const data = await t.ok(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-RS", "AH")] }, token);
  expect(data.importInstitutions.accepted).toBe(1);
  const other = rsaKeyPair();
  const forged = jwt.sign({ sub: "x", role: "admin" }, other.privateKey, { algorithm: "RS256", keyid: "idp-1" });
  expect((await t.query(`{ provinces { code } }`, undefined, forged)).status).toBe(401);
});

it("passes graphql-http's server audits with no error and no warning", async () => {
  const results = await Promise.all(serverAudits({ url: t.gatewayUrl, fetchFn: fetch }).map((audit) => audit.fn()));
  expect(results.length).toBeGreaterThan(30);
  const errors = results.filter((r) => r.status === "error").map((r) => `${r.id} ${r.name}: ${"reason" in r ? r.reason : ""}`);
  expect(errors).toEqual([]);
  const warnings = results.filter((r) => r.status === "warn").map((r) => `${r.id} ${r.name}`);
  expect(warnings).toEqual([]);
});

/** Opens a graphql-ws connection; resolves with the close code, or "acknowledged" once the server accepts it. */
function connect(url: string, authorization?: string | number): Promise<number | "acknowledged"> {
  return new Promise((resolve) => {
    let client: Client | undefined = undefined;
    client = createClient({
      url: url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: authorization !== undefined ? { authorization } : {},
      on: {
        connected: () => {
          resolve("acknowledged");
          void client?.dispose();
        },
        closed: (event) => resolve((event as { code: number }).code),
      },
      onNonLazyError: () => undefined,
    });
  });
}

describe("graphql-ws authentication", () => {
  it("closes the gateway connection with 4401 when connection_init carries a bad token", async () => {
    expect(await connect(t.gatewayUrl, `Bearer ${tokenFor(ADMIN)}x`)).toBe(4401);
    expect(await connect(t.gatewayUrl, "Basic nope")).toBe(4401);
    expect(await connect(t.gatewayUrl, 42)).toBe(4401);
  });

  it("accepts a valid token and the public (no token)", async () => {
    expect(await connect(t.gatewayUrl, `Bearer ${tokenFor(ADMIN)}`)).toBe("acknowledged");
    expect(await connect(t.gatewayUrl)).toBe("acknowledged");
  });

  it("a subgraph reached directly closes with 4401 too", async () => {
    expect(await connect(t.platform.subgraphs.certification!.url, "Bearer forged.token.here")).toBe(4401);
    expect(await connect(t.platform.subgraphs.certification!.url, `Bearer ${tokenFor(ADMIN)}`)).toBe("acknowledged");
  });
});
