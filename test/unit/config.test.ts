import { loadConfig, resetConfig } from "../../src/platform/config";

describe("settings with a fixed set of values", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetConfig();
  });

  it("GATEWAY_QUERY_PLANNER is rust unless set, takes stitching, and refuses anything else", () => {
    delete process.env.GATEWAY_QUERY_PLANNER;
    resetConfig();
    expect(loadConfig().gatewayQueryPlanner).toBe("rust");
    process.env.GATEWAY_QUERY_PLANNER = "stitching";
    resetConfig();
    expect(loadConfig().gatewayQueryPlanner).toBe("stitching");
    process.env.GATEWAY_QUERY_PLANNER = "apollo";
    resetConfig();
    expect(() => loadConfig()).toThrow(/GATEWAY_QUERY_PLANNER must be one of rust, stitching, got "apollo"/);
  });
});
