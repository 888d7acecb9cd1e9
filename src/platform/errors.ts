import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { AuthenticationError, AuthorizationError } from "type-graphql";

/** The error codes of the public contract (extensions.code). */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  INVALID_TRANSITION: "INVALID_TRANSITION",
  LIMIT_EXCEEDED: "LIMIT_EXCEEDED",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * A rule broken by a value. Services throw it (or collect it per import row); the GraphQL layer turns
 * it into BAD_USER_INPUT with `reason` and `field`, so rules stay testable without GraphQL.
 */
export class ValidationError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ValidationError";
  }
}

export function badUserInput(reason: string, message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, reason, field } });
}

export function fromValidation(error: ValidationError): GraphQLError {
  return badUserInput(error.reason, error.message, error.field);
}

export const notFound = (what: string): GraphQLError =>
  new GraphQLError(`${what} not found`, { extensions: { code: ErrorCode.NOT_FOUND } });

export const invalidTransition = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: ErrorCode.INVALID_TRANSITION } });

export const forbidden = (message = "You may not do this"): GraphQLError =>
  new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });

export const unauthenticated = (message = "Invalid or expired token"): GraphQLError =>
  new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });

export const limitExceeded = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: ErrorCode.LIMIT_EXCEEDED } });

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));
const APOLLO_INPUT_CODES = new Set(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_REQUEST", "PERSISTED_QUERY_NOT_FOUND"]);

/**
 * Every error leaves with a contract code and, outside development, no stack trace or internal
 * message: unknown failures are logged by the caller and reported as INTERNAL_SERVER_ERROR.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, development: boolean): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof ValidationError) {
    const gql = fromValidation(original);
    return { ...formatted, message: gql.message, extensions: { ...gql.extensions } };
  }
  // type-graphql's @Authorized refusals carry no code of their own.
  if (original instanceof AuthorizationError) return { ...formatted, message: "You may not do this", extensions: { code: ErrorCode.FORBIDDEN } };
  if (original instanceof AuthenticationError) return { ...formatted, message: "Sign in with a bearer token to do this", extensions: { code: ErrorCode.UNAUTHENTICATED } };
  const code = String(formatted.extensions?.code ?? "");
  const extensions: Record<string, unknown> = { ...formatted.extensions };
  if (!development) delete extensions.stacktrace;
  if (KNOWN_CODES.has(code)) return { ...formatted, extensions };
  // type-graphql's own refusal (should the auth checker ever return false) is the contract's FORBIDDEN.
  if (code === "UNAUTHORIZED") return { ...formatted, extensions: { ...extensions, code: ErrorCode.FORBIDDEN } };
  if (APOLLO_INPUT_CODES.has(code) || code === "BAD_USER_INPUT") {
    return { ...formatted, extensions: { ...extensions, code: ErrorCode.BAD_USER_INPUT, reason: code } };
  }
  if (development) return { ...formatted, extensions: { ...extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
  return { message: "Internal server error", locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
