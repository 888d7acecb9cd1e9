import { Logger, type LogLevel, type LogWriter } from "@graphql-hive/logger";
import { logger } from "../logger";

/**
 * Hive Gateway's own log lines (subgraph failures, schema loading) written through the platform's pino
 * logger, so the gateway's stdout is JSON lines like every other service's. @graphql-hive/logger is the
 * logger package of @graphql-hive/gateway-runtime.
 */
const pinoWriter: LogWriter = {
  write(level, attrs, msg) {
    const fields = attrs && typeof attrs === "object" && !Array.isArray(attrs) ? attrs : attrs === undefined || attrs === null ? {} : { attrs };
    logger[level]({ component: "hive-gateway", ...fields }, msg ?? "");
  },
};

export function gatewayLogger(level: LogLevel): Logger {
  return new Logger({ level, writers: [pinoWriter] });
}
