import pino from "pino";
import { loadConfig } from "./config";

export const logger = pino({
  level: loadConfig().logLevel,
  base: { service: process.env.SERVICE_NAME ?? "yrd" },
  redact: ["req.headers.authorization", "authorization"],
});

export type Logger = pino.Logger;
