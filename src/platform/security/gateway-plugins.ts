import { EnvelopArmor } from "@escape.tech/graphql-armor";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ExecutionResult } from "graphql";
import { ErrorCode } from "../errors";
import type { SecurityLimits } from "./limits";

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));
const INPUT_CODES = new Set(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_REQUEST", "PERSISTED_QUERY_NOT_FOUND", "UNAUTHORIZED"]);

/** Armor's rejections are plain GraphQL errors; give them the contract's code. */
const tagLimitExceeded: GraphQLArmorRejectCallback = (_ctx, error) => {
  (error.extensions as Record<string, unknown>).code = ErrorCode.LIMIT_EXCEEDED;
};

/**
 * Depth, cost, aliases, directives and tokens (graphql-armor 3.2.0, pinned). Introspection is not
 * exempt from the depth and cost limits outside development: armor skips `__schema` fields when
 * `ignoreIntrospection` is on, which is the bypass its advisory describes; GraphiQL in development
 * needs the exemption.
 */
export function armorPlugins(limits: SecurityLimits, env: "development" | "production" | "test") {
  const onReject = [tagLimitExceeded];
  const exemptIntrospection = env === "development";
  const armor = new EnvelopArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: exemptIntrospection, flattenFragments: true, onReject },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: exemptIntrospection, onReject },
    maxAliases: { n: limits.maxAliases, onReject },
    maxDirectives: { n: limits.maxDirectives, onReject },
    maxTokens: { n: limits.maxTokens, onReject },
    blockFieldSuggestion: { enabled: env === "production" },
  });
  return armor.protect().plugins;
}

/** Introspection answers nothing in production: the schema is published as SDL in schema/ instead. */
export const disableIntrospectionPlugin = () => ({
  onValidate({ addValidationRule }: { addValidationRule: (rule: typeof NoSchemaIntrospectionCustomRule) => void }) {
    addValidationRule(NoSchemaIntrospectionCustomRule);
  },
});

function codeFor(error: GraphQLError): { code: ErrorCode; reason?: string } {
  const code = String(error.extensions?.code ?? "");
  if (KNOWN_CODES.has(code)) return { code: code as ErrorCode };
  if (INPUT_CODES.has(code)) return { code: code === "UNAUTHORIZED" ? ErrorCode.FORBIDDEN : ErrorCode.BAD_USER_INPUT, reason: code };
  if (error.message.startsWith("Syntax Error:") || error.message.includes("Variable \"$")) return { code: ErrorCode.BAD_USER_INPUT };
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  if (status === 413) return { code: ErrorCode.LIMIT_EXCEEDED };
  if (status !== undefined && status >= 400 && status < 500) return { code: ErrorCode.BAD_USER_INPUT };
  // Errors of the document (validation) carry locations but no path; execution failures carry a path.
  if (!error.path && error.locations?.length) return { code: ErrorCode.BAD_USER_INPUT };
  return { code: ErrorCode.INTERNAL_SERVER_ERROR };
}

/** Re-creates an error with a contract code, keeping its message, locations and path, dropping stack traces. */
function withContractCode(error: GraphQLError, development: boolean): GraphQLError {
  const { code, reason } = codeFor(error);
  const extensions: Record<string, unknown> = { ...error.extensions, code };
  // Yoga answers an unparsable JSON body 200 when the client accepts application/json ("spec" status);
  // GraphQL over HTTP recommends 400 there (graphql-http audit BCF8).
  const http = extensions.http as { spec?: boolean; status?: number } | undefined;
  if (http?.spec && http.status === 400 && /invalid JSON/i.test(error.message)) extensions.http = { status: 400 };
  if (reason && extensions.reason === undefined) extensions.reason = reason;
  if (!development) {
    delete extensions.stacktrace;
    delete extensions.exception;
    delete extensions.originalError;
  }
  if (code === ErrorCode.INTERNAL_SERVER_ERROR && !development && extensions.code !== error.extensions?.code) {
    return new GraphQLError("Internal server error", { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: { code } });
  }
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions });
}

const isResult = (value: unknown): value is ExecutionResult =>
  typeof value === "object" && value !== null && !(Symbol.asyncIterator in value) && "errors" in value;

/** Every error the gateway sends, whoever raised it (parser, armor, planner, subgraph), carries a contract code. */
export function contractErrorsPlugin(development: boolean) {
  const fix = (result: ExecutionResult): ExecutionResult =>
    result.errors?.length ? { ...result, errors: result.errors.map((e) => withContractCode(e as GraphQLError, development)) } : result;
  return {
    // Refusals the HTTP layer answers without a body (415 unsupported media type, 406, 405) get one too.
    onResponse({ response, setResponse, fetchAPI }: { response: Response; setResponse: (r: Response) => void; fetchAPI: { Response: typeof Response } }) {
      if (response.status < 400 || response.headers.get("content-type")?.includes("json")) return;
      const code = response.status >= 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_USER_INPUT;
      const message = response.statusText || (response.status >= 500 ? "Internal server error" : "Request not accepted");
      const headers = new fetchAPI.Response().headers;
      response.headers.forEach((value, key) => {
        if (key !== "content-length" && key !== "content-type") headers.set(key, value);
      });
      headers.set("content-type", "application/json; charset=utf-8");
      setResponse(new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), { status: response.status, headers }));
    },
    onResultProcess({ result, setResult }: { result: unknown; setResult: (result: never) => void }) {
      if (Array.isArray(result)) setResult(result.map((r) => (isResult(r) ? fix(r) : r)) as never);
      else if (isResult(result)) setResult(fix(result) as never);
    },
  };
}
