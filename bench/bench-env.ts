import { randomBytes } from "node:crypto";

// Imported first by bench/run.ts: the platform is measured as it is deployed. NODE_ENV=production
// matters for speed (graphql-js, for one, runs extra instanceof checks outside production), and
// production needs a JWT secret; the bench signs its own tokens, so any secret will do.
process.env.NODE_ENV ??= "production";
process.env.AUTH_JWT_SECRET ??= randomBytes(32).toString("hex");
process.env.LOG_LEVEL ??= "warn";
// The load generator is one caller sending thousands of requests a second: the gateway's per-caller
// rate limit (an abuse guard) would answer most of them with 429 and measure nothing.
process.env.RATE_LIMIT_PER_MINUTE ??= "0";
export {};
