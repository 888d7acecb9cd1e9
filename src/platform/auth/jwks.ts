import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { logger } from "../logger";

/** Finds the public key of a `kid`; verification is synchronous, so keys are fetched ahead of use. */
export interface KeyLookup {
  key(kid: string | undefined): KeyObject | undefined;
}

/**
 * The RS256 signing keys published at AUTH_JWKS_URL (an identity provider's JWKS), refreshed every
 * `refreshMs` and, at most once a minute, when a token names a key not seen yet (key rotation).
 */
export class JwksKeys implements KeyLookup {
  private keys = new Map<string, KeyObject>();
  private lastFetch = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly refreshMs = 10 * 60_000,
  ) {}

  /** The first fetch must succeed: a gateway that cannot know its keys refuses to start. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch((error) => logger.error({ err: error }, "JWKS refresh failed")), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    this.lastFetch = Date.now();
    const response = await fetch(this.url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`JWKS ${this.url} answered ${response.status}`);
    const { keys } = (await response.json()) as { keys?: (JsonWebKey & { kid?: string; use?: string; alg?: string })[] };
    const next = new Map<string, KeyObject>();
    for (const jwk of keys ?? []) {
      if (jwk.kty !== "RSA" || (jwk.use && jwk.use !== "sig") || (jwk.alg && jwk.alg !== "RS256")) continue;
      next.set(jwk.kid ?? "", createPublicKey({ key: jwk, format: "jwk" }));
    }
    this.keys = next;
  }

  key(kid: string | undefined): KeyObject | undefined {
    const found = this.keys.get(kid ?? "");
    if (!found && Date.now() - this.lastFetch > 60_000) {
      void this.refresh().catch((error) => logger.error({ err: error }, "JWKS refresh failed"));
    }
    return found;
  }
}

let shared: Promise<JwksKeys> | undefined;

/** One key set per process for AUTH_JWKS_URL (the gateway and the in-process subgraphs share it); none when unset. */
export async function jwksFromEnv(): Promise<KeyLookup | undefined> {
  const url = process.env.AUTH_JWKS_URL;
  if (!url) return undefined;
  shared ??= (async () => {
    const keys = new JwksKeys(url);
    await keys.start();
    return keys;
  })();
  try {
    return await shared;
  } catch (error) {
    shared = undefined;
    throw error;
  }
}
