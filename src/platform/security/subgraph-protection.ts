import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import type { ErrorRequestHandler } from "express";
import { ErrorCode } from "../errors";
import type { SecurityLimits } from "./limits";

const tagLimitExceeded: GraphQLArmorRejectCallback = (_ctx, error) => {
  (error.extensions as Record<string, unknown>).code = ErrorCode.LIMIT_EXCEEDED;
};

/**
 * A subgraph reached directly (bypassing the gateway) still refuses runaway documents. The limits are
 * looser than the gateway's: the gateway's own query plans wrap fields in `_entities` and inline
 * fragments, and alias fields freely, so aliases and cost are left to the gateway.
 */
export function subgraphArmor(limits: SecurityLimits, production: boolean) {
  const onReject = [tagLimitExceeded];
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth * 2, ignoreIntrospection: false, flattenFragments: true, onReject },
    maxTokens: { n: limits.maxTokens * 4, onReject },
    maxDirectives: { n: limits.maxDirectives * 2, onReject },
    maxAliases: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return { plugins, validationRules };
}

/** Express's body parser failures (too large, not JSON) as GraphQL errors with a contract code, never an HTML page. */
export const bodyErrorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) return next(error);
  const status = typeof error?.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
  const code = status === 413 ? ErrorCode.LIMIT_EXCEEDED : status < 500 ? ErrorCode.BAD_USER_INPUT : ErrorCode.INTERNAL_SERVER_ERROR;
  const message = status === 413 ? "The request body is too large" : status < 500 ? "The request body is not valid JSON" : "Internal server error";
  res.status(status).type("application/json").send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
};
