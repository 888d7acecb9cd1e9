import { envInt as int, loadConfig } from "../config";

/** Abuse limits, each from an environment variable (documented in the README's Security section). */
export interface SecurityLimits {
  /** Largest request body the gateway reads, in bytes. */
  maxBodyBytes: number;
  /** Largest request body a subgraph reads (the gateway's own calls carry entity batches). */
  subgraphMaxBodyBytes: number;
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Requests per minute per caller at the gateway; 0 turns the limiter off. */
  rateLimitPerMinute: number;
  /** Requests a caller may send at once before the per-minute rate applies. */
  rateLimitBurst: number;
}


export function loadSecurityLimits(): SecurityLimits {
  // Tests send bursts of thousands of requests from one address: there the limiter is opt-in.
  const rateDefault = loadConfig().env === "test" ? 0 : 1200;
  const rateLimitPerMinute = int("RATE_LIMIT_PER_MINUTE", rateDefault);
  return {
    // 4 MB: an import of MAX_IMPORT_BATCH (10,000) certificates is about 2.5 MB of JSON.
    maxBodyBytes: int("MAX_BODY_BYTES", 4 * 1024 * 1024),
    subgraphMaxBodyBytes: int("SUBGRAPH_MAX_BODY_BYTES", 8 * 1024 * 1024),
    maxDepth: int("MAX_QUERY_DEPTH", 12),
    maxCost: int("MAX_QUERY_COST", 50_000),
    maxAliases: int("MAX_QUERY_ALIASES", 30),
    maxDirectives: int("MAX_QUERY_DIRECTIVES", 20),
    maxTokens: int("MAX_QUERY_TOKENS", 5000),
    rateLimitPerMinute,
    rateLimitBurst: int("RATE_LIMIT_BURST", Math.max(1, Math.ceil(rateLimitPerMinute / 4))),
  };
}
