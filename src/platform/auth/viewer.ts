import { createSecretKey, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { unauthenticated } from "../errors";
import { isProvinceCode, type ProvinceCode } from "../province";
import { normaliseUscc } from "../validation/uscc";
import type { KeyLookup } from "./jwks";

export const ROLES = ["regulator", "issuer", "enterprise", "partner", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: the verified claims of the bearer token, or the public. */
export interface Viewer {
  role: Role | "public";
  sub?: string;
  province?: ProvinceCode;
  uscc?: string;
  institutionId?: string;
}

export const PUBLIC: Viewer = Object.freeze({ role: "public" });

export interface TokenClaims {
  sub: string;
  role: Role;
  province?: ProvinceCode;
  uscc?: string;
  institutionId?: string;
}

export function signToken(claims: TokenClaims, secret: string, expiresIn: jwt.SignOptions["expiresIn"] = "12h"): string {
  return jwt.sign({ ...claims }, secret, { algorithm: "HS256", expiresIn });
}

/**
 * No header is the public; a header that does not verify is refused, never downgraded to public.
 * HS256 tokens verify with the shared secret; RS256 ones, when AUTH_JWKS_URL is set, with `keys`.
 */
const secretKeys = new Map<string, KeyObject>();

/**
 * jsonwebtoken given a string secret first tries to read it as a public key on every call (about 3 ms
 * per request across gateway and subgraphs); a cached secret KeyObject skips that.
 */
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, "utf8"));
    secretKeys.set(secret, key);
  }
  return key;
}

/**
 * Tokens already verified by this process, by secret: a request's token is checked by the gateway and
 * again by each subgraph it reaches, and a client sends the same token for hours. An entry lasts until
 * the token expires, and at most VERIFIED_FOR_MS, so that a signing key withdrawn from AUTH_JWKS_URL
 * stops being honoured within that time. Only tokens that verified are kept: a refused one is checked
 * afresh every time.
 */
const verifiedTokens = new Map<string, Map<string, { viewer: Viewer; until: number; keys?: KeyLookup }>>();
const VERIFIED_FOR_MS = 60_000;
const VERIFIED_MAX = 10_000;

export function viewerFromAuthorization(header: string | undefined | null, secret: string, keys?: KeyLookup): Viewer {
  if (!header) return PUBLIC;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated("Authorization must be \"Bearer <JWT>\"");
  const token = match[1]!;
  let verified = verifiedTokens.get(secret);
  if (!verified) verifiedTokens.set(secret, (verified = new Map()));
  const now = Date.now();
  const known = verified.get(token);
  // Verified with the same keys: an RS256 token honoured under AUTH_JWKS_URL is not without it.
  if (known && now < known.until && known.keys === keys) return known.viewer;
  if (known) verified.delete(token);
  const { viewer, expiresAt } = verifyToken(token, secret, keys);
  // Oldest first out: a Map iterates in insertion order.
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(token, { viewer, until: Math.min(expiresAt ?? Infinity, now + VERIFIED_FOR_MS), keys });
  return viewer;
}

function verifyToken(token: string, secret: string, keys?: KeyLookup): { viewer: Viewer; expiresAt?: number } {
  let claims: jwt.JwtPayload;
  try {
    const head = keys ? jwt.decode(token, { complete: true })?.header : undefined;
    let decoded: string | jwt.JwtPayload;
    if (head?.alg === "RS256") {
      const key = keys!.key(head.kid);
      if (!key) throw new Error("unknown signing key");
      decoded = jwt.verify(token, key, { algorithms: ["RS256"] });
    } else {
      decoded = jwt.verify(token, secretKey(secret), { algorithms: ["HS256"] });
    }
    if (typeof decoded === "string") throw new Error("payload is not an object");
    claims = decoded;
  } catch (error) {
    throw unauthenticated(`Invalid token: ${(error as Error).message}`);
  }
  const role = claims.role as Role;
  if (!ROLES.includes(role)) throw unauthenticated(`Unknown role "${String(claims.role)}"`);
  const viewer: Viewer = { role, sub: claims.sub };
  if (role === "regulator") {
    if (!isProvinceCode(claims.province)) throw unauthenticated("A regulator token needs a province claim (SH, JS, ZJ or AH)");
    viewer.province = claims.province;
  }
  if (role === "enterprise") {
    if (typeof claims.uscc !== "string") throw unauthenticated("An enterprise token needs a uscc claim");
    // As the platform stores it: a token issued elsewhere may carry the code as typed (full-width, spaced).
    viewer.uscc = normaliseUscc(claims.uscc);
  }
  if (role === "issuer") {
    if (typeof claims.institutionId !== "string") throw unauthenticated("An issuer token needs an institutionId claim");
    viewer.institutionId = claims.institutionId;
  }
  return { viewer: Object.freeze(viewer), expiresAt: typeof claims.exp === "number" ? claims.exp * 1000 : undefined };
}
