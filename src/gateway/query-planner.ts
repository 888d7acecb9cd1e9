import { unifiedGraphHandler as rustQueryPlanner } from "@graphql-hive/router-runtime";
import type { Config } from "../platform/config";
import { logger } from "../platform/logger";

type Planner = Config["gatewayQueryPlanner"];

/** Whether Hive Router's native planner loads here: its npm package ships Linux (glibc) and macOS builds only. */
function rustPlannerLoads(): boolean {
  try {
    require("@graphql-hive/router-query-planner");
    return true;
  } catch (error) {
    logger.warn({ err: error }, "Hive Router's query planner does not load on this platform; the gateway uses the stitching planner");
    return false;
  }
}

/**
 * The gateway runtime options for a planner: Hive Router's (Rust) planner and plan executor, or, with
 * none, the runtime's JavaScript stitching planner. "rust" falls back to stitching where the native
 * addon has no build (Windows, musl), so `npm start` runs everywhere Node does.
 */
export function queryPlannerOptions(requested: Planner): { unifiedGraphHandler?: typeof rustQueryPlanner } {
  return requested === "rust" && rustPlannerLoads() ? { unifiedGraphHandler: rustQueryPlanner } : {};
}
