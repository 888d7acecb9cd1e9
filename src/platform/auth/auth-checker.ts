import type { AuthChecker } from "type-graphql";
import { forbidden } from "../errors";
import type { RequestContext } from "../graphql/context";

/**
 * `@Authorized("admin", "regulator")`: the caller's role must be one of those named (none named: any
 * signed-in role). A refusal is FORBIDDEN for every caller, the public included: UNAUTHENTICATED is
 * kept for tokens that do not verify, so a client can tell "log in again" from "not allowed".
 * Thrown here rather than returning false, whose type-graphql error carries no contract code.
 */
export const authChecker: AuthChecker<RequestContext> = ({ context, info }, roles) => {
  const role = context.viewer.role;
  const allowed = roles.length === 0 ? role !== "public" : roles.includes(role);
  if (!allowed) {
    const who = role === "public" ? "The public (no token)" : `The ${role} role`;
    throw forbidden(`${who} may not use ${info.parentType.name}.${info.fieldName}`);
  }
  return true;
};
