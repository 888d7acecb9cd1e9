import type { AuthChecker } from "type-graphql";
import type { RequestContext } from "../graphql/context";

/** `@Authorized("admin", "regulator")`: the caller's role must be one of those named. */
export const authChecker: AuthChecker<RequestContext> = ({ context }, roles) =>
  roles.length === 0 ? context.viewer.role !== "public" : roles.includes(context.viewer.role);
