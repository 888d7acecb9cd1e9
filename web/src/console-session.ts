import { describeErrors, graphql } from "./graphql";

/** The claims the console needs to choose what to offer; the server decides what is allowed. */
export interface Claims {
  sub?: string;
  role?: string;
  province?: string;
  institutionId?: string;
  uscc?: string;
}

const TOKEN_KEY = "yrd.console.token";

/** The JWT payload, read without verifying (only the server can); null when it is not a JWT. */
export function readClaims(token: string): Claims | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "="));
    return JSON.parse(decodeURIComponent(escape(json))) as Claims;
  } catch {
    return null;
  }
}

export function describeClaims(claims: Claims): string {
  return [claims.role, claims.province, claims.institutionId, claims.uscc, claims.sub && `(${claims.sub})`].filter(Boolean).join(" · ");
}

/** Kept per tab (sessionStorage): it survives a reload but not closing the tab. */
export const storedToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Asks the gateway with the token: a token it does not accept comes back as an error message. */
export async function signIn(token: string): Promise<{ claims: Claims } | { error: string }> {
  const claims = readClaims(token);
  if (!claims) return { error: "not a JWT" };
  const response = await graphql<{ provinces: { code: string }[] }>(`{ provinces { code } }`, {}, token);
  if (!response.data) return { error: describeErrors(response.errors) };
  sessionStorage.setItem(TOKEN_KEY, token);
  return { claims };
}
