import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac } from "node:crypto";
import jwt from "jsonwebtoken";
import type { GraphQLError } from "graphql";
import { JwksKeys } from "../../src/platform/auth/jwks";
import { signToken, viewerFromAuthorization } from "../../src/platform/auth/viewer";
import { rsaKeyPair } from "../support/rsa-key-pair";

/** RS256 tokens verified against the keys an identity provider publishes at AUTH_JWKS_URL. */
const SECRET = "hs-secret";
const signing = rsaKeyPair();
const stranger = rsaKeyPair();
let server: http.Server;
let keys: JwksKeys;

beforeAll(async () => {
  const jwk = { ...signing.publicKey.export({ format: "jwk" }), kid: "k1", use: "sig", alg: "RS256" };
  server = http.createServer((_req, res) => res.setHeader("content-type", "application/json").end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  keys = new JwksKeys(`http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`);
  await keys.start();
});
afterAll(async () => {
  keys.stop();
  await new Promise((resolve) => server.close(resolve));
});

const rs256 = (key: typeof signing.privateKey, kid: string) => `Bearer ${jwt.sign({ sub: "idp-user", role: "partner" }, key, { algorithm: "RS256", keyid: kid, expiresIn: "5m" })}`;
const code = (fn: () => unknown) => {
  try {
    fn();
    return "accepted";
  } catch (error) {
    return (error as GraphQLError).extensions?.code;
  }
};

it("accepts an RS256 token signed by a published key, and HS256 tokens still", () => {
  expect(viewerFromAuthorization(rs256(signing.privateKey, "k1"), SECRET, keys)).toEqual({ role: "partner", sub: "idp-user" });
  expect(viewerFromAuthorization(`Bearer ${signToken({ sub: "a", role: "admin" }, SECRET)}`, SECRET, keys).role).toBe("admin");
});

it("refuses RS256 tokens of an unknown key id, of another key, or when no JWKS is configured", () => {
  expect(code(() => viewerFromAuthorization(rs256(signing.privateKey, "k2"), SECRET, keys))).toBe("UNAUTHENTICATED");
  expect(code(() => viewerFromAuthorization(rs256(stranger.privateKey, "k1"), SECRET, keys))).toBe("UNAUTHENTICATED");
  expect(code(() => viewerFromAuthorization(rs256(signing.privateKey, "k1"), SECRET))).toBe("UNAUTHENTICATED");
});

it("refuses an HS256 token whose secret is the public key (algorithm confusion)", () => {
  const pem = signing.publicKey.export({ format: "pem", type: "spki" }).toString();
  const confused = Buffer.from(pem);
  const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT", kid: "k1" })).toString("base64url");
  const payload = Buffer.from(JSON.stringify({ sub: "x", role: "admin" })).toString("base64url");
  const signature = createHmac("sha256", confused).update(`${header}.${payload}`).digest("base64url");
  expect(code(() => viewerFromAuthorization(`Bearer ${header}.${payload}.${signature}`, SECRET, keys))).toBe("UNAUTHENTICATED");
});
