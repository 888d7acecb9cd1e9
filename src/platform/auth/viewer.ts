import { createSecretKey, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { unauthenticated } from "../errors";
import { isProvinceCode, type ProvinceCode } from "../province";
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

export function viewerFromAuthorization(header: string | undefined | null, secret: string, keys?: KeyLookup): Viewer {
  if (!header) return PUBLIC;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated("Authorization must be \"Bearer <JWT>\"");
  let claims: jwt.JwtPayload;
  try {
    const token = match[1]!;
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
    viewer.uscc = claims.uscc;
  }
  if (role === "issuer") {
    if (typeof claims.institutionId !== "string") throw unauthenticated("An issuer token needs an institutionId claim");
    viewer.institutionId = claims.institutionId;
  }
  return viewer;
}
