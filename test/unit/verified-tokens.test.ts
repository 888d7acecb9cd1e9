import type { KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import type { GraphQLError } from "graphql";
import { signToken, viewerFromAuthorization } from "../../src/platform/auth/viewer";
import { rsaKeyPair } from "../support/rsa-key-pair";

// A token verified once is remembered (gateway and subgraphs see the same token on every request),
// but never past its expiry, and a withdrawn signing key stops counting within a minute.
const SECRET = "verified-tokens-secret";
const code = (fn: () => unknown) => {
  try {
    fn();
    return "accepted";
  } catch (error) {
    return String((error as GraphQLError).extensions?.code);
  }
};

afterEach(() => jest.useRealTimers());

it("refuses a remembered token once it has expired", () => {
  jest.useFakeTimers({ now: new Date("2026-11-26T08:00:00Z") });
  const header = `Bearer ${signToken({ sub: "short", role: "admin" }, SECRET, "30s")}`;
  expect(viewerFromAuthorization(header, SECRET).role).toBe("admin");
  jest.setSystemTime(new Date("2026-11-26T08:00:20Z"));
  expect(viewerFromAuthorization(header, SECRET).role).toBe("admin");
  jest.setSystemTime(new Date("2026-11-26T08:00:31Z"));
  expect(code(() => viewerFromAuthorization(header, SECRET))).toBe("UNAUTHENTICATED");
});

it("stops honouring a withdrawn signing key within a minute", () => {
  jest.useFakeTimers({ now: new Date("2026-11-26T09:00:00Z") });
  const pair = rsaKeyPair();
  const published = new Map<string, KeyObject>([["k1", pair.publicKey]]);
  const keys = { key: (kid: string | undefined) => (kid ? published.get(kid) : undefined) };
  const header = `Bearer ${jwt.sign({ sub: "idp", role: "partner" }, pair.privateKey, { algorithm: "RS256", keyid: "k1", expiresIn: "1h" })}`;
  expect(viewerFromAuthorization(header, SECRET, keys).role).toBe("partner");
  published.delete("k1");
  jest.setSystemTime(new Date("2026-11-26T09:00:30Z"));
  expect(viewerFromAuthorization(header, SECRET, keys).role).toBe("partner");
  jest.setSystemTime(new Date("2026-11-26T09:01:01Z"));
  expect(code(() => viewerFromAuthorization(header, SECRET, keys))).toBe("UNAUTHENTICATED");
});

it("remembers a token only for the secret that verified it", () => {
  const header = `Bearer ${signToken({ sub: "s", role: "admin" }, SECRET)}`;
  expect(viewerFromAuthorization(header, SECRET).role).toBe("admin");
  expect(code(() => viewerFromAuthorization(header, "another-secret"))).toBe("UNAUTHENTICATED");
});

it("hands out a viewer no caller can change", () => {
  const header = `Bearer ${signToken({ sub: "r", role: "regulator", province: "ZJ" as never }, SECRET)}`;
  const viewer = viewerFromAuthorization(header, SECRET);
  expect(() => Object.assign(viewer, { province: "SH" })).toThrow(TypeError);
  expect(viewerFromAuthorization(header, SECRET).province).toBe("ZJ");
});
