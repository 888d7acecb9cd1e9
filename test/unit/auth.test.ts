import { ProvinceCode } from "../../src/platform/province";
import jwt from "jsonwebtoken";
import { GraphQLError } from "graphql";
import { signToken, viewerFromAuthorization } from "../../src/platform/auth/viewer";
import { loadConfig, resetConfig } from "../../src/platform/config";
import { RateLimiter } from "../../src/platform/security/rate-limiter";
import { summarise } from "../../src/platform/security/audit";
import { claimsFromArgs } from "../../src/cli/token";

const SECRET = "unit-secret";
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return String((error as GraphQLError).extensions?.code);
  }
  return undefined;
};

describe("bearer tokens", () => {
  it("no header is the public; a valid token gives its claims", () => {
    expect(viewerFromAuthorization(undefined, SECRET)).toEqual({ role: "public" });
    const token = signToken({ sub: "r1", role: "regulator", province: ProvinceCode.SH }, SECRET);
    expect(viewerFromAuthorization(`Bearer ${token}`, SECRET)).toEqual({ role: "regulator", sub: "r1", province: "SH" });
  });

  it("refuses expired, forged, unsigned, wrong-algorithm and malformed tokens with UNAUTHENTICATED", () => {
    const expired = jwt.sign({ sub: "a", role: "admin", exp: Math.floor(Date.now() / 1000) - 60 }, SECRET, { algorithm: "HS256" });
    const forged = signToken({ sub: "a", role: "admin" }, "another-secret");
    const unsigned = jwt.sign({ sub: "a", role: "admin" }, "", { algorithm: "none" });
    const hs512 = jwt.sign({ sub: "a", role: "admin" }, SECRET, { algorithm: "HS512" });
    for (const header of [`Bearer ${expired}`, `Bearer ${forged}`, `Bearer ${unsigned}`, `Bearer ${hs512}`, "Bearer", "Basic abc", `Bearer ${signToken({ sub: "a", role: "admin" }, SECRET)}x`]) {
      expect(code(() => viewerFromAuthorization(header, SECRET))).toBe("UNAUTHENTICATED");
    }
  });

  it("refuses unknown roles and roles missing the claim they need", () => {
    const sign = (claims: object) => `Bearer ${jwt.sign(claims, SECRET, { algorithm: "HS256" })}`;
    expect(code(() => viewerFromAuthorization(sign({ sub: "a", role: "root" }), SECRET))).toBe("UNAUTHENTICATED");
    expect(code(() => viewerFromAuthorization(sign({ sub: "a", role: "regulator", province: "BJ" }), SECRET))).toBe("UNAUTHENTICATED");
    expect(code(() => viewerFromAuthorization(sign({ sub: "a", role: "enterprise" }), SECRET))).toBe("UNAUTHENTICATED");
    expect(code(() => viewerFromAuthorization(sign({ sub: "a", role: "issuer" }), SECRET))).toBe("UNAUTHENTICATED");
  });
});

describe("AUTH_JWT_SECRET", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetConfig();
  });

  it("is required in production: the configuration refuses to load without it", () => {
    process.env.NODE_ENV = "production";
    delete process.env.AUTH_JWT_SECRET;
    resetConfig();
    expect(() => loadConfig()).toThrow(/AUTH_JWT_SECRET is required/);
    process.env.AUTH_JWT_SECRET = "prod-secret";
    resetConfig();
    expect(loadConfig().jwtSecret).toBe("prod-secret");
  });
});

describe("npm run token", () => {
  it("builds the claims each role needs and refuses incomplete ones", () => {
    expect(claimsFromArgs(["--role", "regulator", "--province", "SH"]).claims).toEqual({ sub: "regulator-cli", role: "regulator", province: ProvinceCode.SH });
    expect(claimsFromArgs(["--role", "issuer", "--institution", "CB-ZJ", "--sub", "me", "--expires", "1h"])).toEqual({ claims: { sub: "me", role: "issuer", institutionId: "CB-ZJ" }, expires: "1h" });
    expect(() => claimsFromArgs(["--role", "regulator"])).toThrow(/province/);
    expect(() => claimsFromArgs(["--role", "enterprise"])).toThrow(/uscc/);
    // The form the platform stores: a full-width code (a Chinese input method's) names the same enterprise.
    expect(claimsFromArgs(["--role", "enterprise", "--uscc", "９１３５０１００Ｍ０００１００Ｙ４３"]).claims.uscc).toBe("91350100M000100Y43");
    const token = signToken({ sub: "e", role: "enterprise", uscc: " ９１３５-0100m000100y43" }, "s3cret");
    expect(viewerFromAuthorization(`Bearer ${token}`, "s3cret").uscc).toBe("91350100M000100Y43");
    expect(() => claimsFromArgs(["--role", "god"])).toThrow(/role/);
  });
});

describe("the per-caller rate limiter (token bucket)", () => {
  it("allows a burst, then refuses until tokens refill at the per-minute rate", () => {
    let now = 0;
    const limiter = new RateLimiter(60, 3, () => now);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([0, 0, 0]);
    expect(limiter.take("a")).toBe(1000);
    expect(limiter.take("b")).toBe(0);
    now += 1000;
    expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBeGreaterThan(0);
  });

  it("is off at 0 per minute and forgets idle callers beyond its capacity", () => {
    expect(new RateLimiter(0, 0).take("x")).toBe(0);
    const limiter = new RateLimiter(60, 1, () => 0, 10);
    for (let i = 0; i < 100; i++) limiter.take(`ip${i}`);
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(10);
  });
});

describe("audit subjects", () => {
  it("keeps scalars and the natural keys of record lists, never whole batches", () => {
    const records = Array.from({ length: 120 }, (_, i) => ({ uscc: `U${i}`, name: "x".repeat(500) }));
    const summary = summarise({ records, id: "42", reason: "y".repeat(300) }) as Record<string, any>;
    expect(summary.id).toBe("42");
    expect(summary.reason.length).toBeLessThanOrEqual(201);
    expect(summary.records.count).toBe(120);
    expect(summary.records.keys.slice(0, 2)).toEqual(["U0", "U1"]);
    expect(summary.records.keys).toHaveLength(50);
  });
});
