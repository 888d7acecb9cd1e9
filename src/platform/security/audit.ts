import type { ApolloServerPlugin } from "@apollo/server";
import { getOperationAST, Kind, OperationTypeNode, valueFromASTUntyped, type ExecutionArgs, type ExecutionResult, type FieldNode, type OperationDefinitionNode } from "graphql";
import type { Em } from "../database/orm";
import { executeBound } from "../database/bound-query";
import { pgArray } from "../database/sql";
import type { RequestContext } from "../graphql/context";
import type { Viewer } from "../auth/viewer";
import { logger } from "../logger";

/** One line of the audit log, as stored in audit.entry. */
export interface AuditEntry {
  id?: string;
  at?: string;
  requestId: string | null;
  subgraph: string;
  actorSub: string | null;
  actorRole: string;
  actorScope: string | null;
  operationType: string;
  operationName: string | null;
  rootFields: string[];
  subjects: Record<string, unknown>;
  outcome: string;
}

/** Mutations by anyone, and regulators' queries: what the audit log must hold. */
export const isAudited = (type: string, viewer: Viewer): boolean => type === "mutation" || (type === "query" && viewer.role === "regulator");

const NATURAL_KEYS = ["id", "uscc", "number", "code", "subjectId", "holderUscc", "issuerId"];
const MAX_KEYS = 50;

/**
 * What a request was about, small enough to keep: scalars as given (long strings cut), lists of
 * records as their count and the first natural keys (id, uscc, number, code), never whole batches.
 */
export function summarise(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined || typeof value === "number" || typeof value === "boolean") return value ?? null;
  if (typeof value === "string") return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== "object" || v === null) && value.length <= 20) return value.map((v) => summarise(v, depth + 1));
    const keys = value.slice(0, MAX_KEYS).map((v) => {
      if (typeof v !== "object" || v === null) return summarise(v, depth + 1);
      const record = v as Record<string, unknown>;
      const key = NATURAL_KEYS.find((k) => record[k] !== undefined && record[k] !== null);
      return key ? summarise(record[key], depth + 1) : null;
    });
    return { count: value.length, keys };
  }
  if (typeof value === "object") {
    if (depth >= 3) return "…";
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).slice(0, 20).map(([k, v]) => [k, summarise(v, depth + 1)]));
  }
  return String(value);
}

/** The root fields of an operation with their arguments, variables substituted, summarised. */
export function subjectsOf(operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): { rootFields: string[]; subjects: Record<string, unknown> } {
  const fields = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value !== "__typename");
  const subjects: Record<string, unknown> = {};
  for (const field of fields) {
    const name = field.alias ? `${field.alias.value}:${field.name.value}` : field.name.value;
    const args = Object.fromEntries((field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));
    if (Object.keys(args).length) subjects[name] = summarise(args);
  }
  return { rootFields: fields.map((f) => f.name.value), subjects };
}

const scopeOf = (viewer: Viewer): string | null => viewer.province ?? viewer.uscc ?? viewer.institutionId ?? null;

export async function appendAudit(em: Em, entry: AuditEntry): Promise<void> {
  await executeBound(em,
    `insert into audit.entry (request_id, subgraph, actor_sub, actor_role, actor_scope, operation_type, operation_name, root_fields, subjects, outcome)
     values (?, ?, ?, ?, ?, ?, ?, ?::text[], ?::jsonb, ?)`,
    [entry.requestId, entry.subgraph, entry.actorSub, entry.actorRole, entry.actorScope, entry.operationType, entry.operationName,
      pgArray(entry.rootFields), JSON.stringify(entry.subjects), entry.outcome],
  );
}

/**
 * Records one operation that ran (allowed or refused): who, what, on which subjects, how it ended. A
 * write that fails does not change the answer, which is decided; it is logged loudly rather than hidden.
 */
async function recordOperation(
  subgraph: string,
  run: { context: RequestContext; operation: OperationDefinitionNode; operationName: string | null | undefined; variables: Record<string, unknown> | undefined; errors: readonly { extensions?: Record<string, unknown> }[] },
): Promise<void> {
  const { context, operation } = run;
  const viewer = context.viewer;
  const codes = [...new Set(run.errors.map((e) => String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR")))];
  const { rootFields, subjects } = subjectsOf(operation, run.variables);
  try {
    // The request's own entity manager: its transaction, if it had one, has ended by now.
    await appendAudit(context.em, {
      requestId: context.requestId,
      subgraph,
      actorSub: viewer.sub ?? null,
      actorRole: viewer.role,
      actorScope: scopeOf(viewer),
      operationType: operation.operation,
      operationName: run.operationName ?? operation.name?.value ?? null,
      rootFields,
      subjects,
      outcome: codes.length ? codes.join(",") : "OK",
    });
  } catch (error) {
    logger.error({ err: error, subgraph, requestId: context.requestId }, "audit entry not written");
  }
}

/**
 * Apollo Server plugin of every subgraph: after an audited operation ran (allowed or refused), one row
 * with who, what, on which subjects and how it ended. Written by the subgraph, so a call that bypasses
 * the gateway is recorded too. Operations that never ran (unparsable, invalid) are not recorded.
 */
export function auditPlugin(subgraph: string): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, operationName, request, response }) {
          if (!operation || !isAudited(operation.operation, contextValue.viewer)) return;
          const errors = response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : [];
          const written = recordOperation(subgraph, { context: contextValue, operation, operationName, variables: request.variables, errors });
          // Either way the answer reaches the client only after the row is written.
          if (contextValue.answerAfter) contextValue.answerAfter(written);
          else await written;
        },
      };
    },
  };
}

/**
 * The graphql-ws side of the audit log: every subscription that was started, by anyone, allowed or
 * refused (the feed is for partners, regulators and admins; who follows it, with which filters, is
 * what a regulator asks about). One row when it starts, none per event. Call from `onOperation`.
 */
export async function auditSubscription(subgraph: string, args: ExecutionArgs, result: unknown): Promise<void> {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return;
  const refused = result !== null && typeof result === "object" && !(Symbol.asyncIterator in result) ? ((result as ExecutionResult).errors ?? []) : [];
  await recordOperation(subgraph, {
    context: args.contextValue as RequestContext,
    operation,
    operationName: args.operationName,
    variables: (args.variableValues ?? undefined) as Record<string, unknown> | undefined,
    errors: refused,
  });
}

/** The audit log since a time, optionally of one actor (sub), oldest first: what `npm run audit` prints. */
export async function readAudit(em: Em, options: { since: Date; actor?: string; limit?: number }): Promise<AuditEntry[]> {
  const rows = await em.execute<Record<string, unknown>[]>(
    `select id::text, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, request_id, subgraph, actor_sub, actor_role, actor_scope,
            operation_type, operation_name, root_fields, subjects, outcome
       from audit.entry where at >= ?::timestamptz and (?::text is null or actor_sub = ?::text)
      order by id limit ?`,
    [options.since.toISOString(), options.actor ?? null, options.actor ?? null, options.limit ?? 10_000],
  );
  return rows.map((r) => ({
    id: r.id as string,
    at: r.at as string,
    requestId: r.request_id as string | null,
    subgraph: r.subgraph as string,
    actorSub: r.actor_sub as string | null,
    actorRole: r.actor_role as string,
    actorScope: r.actor_scope as string | null,
    operationType: r.operation_type as string,
    operationName: r.operation_name as string | null,
    rootFields: r.root_fields as string[],
    subjects: r.subjects as Record<string, unknown>,
    outcome: r.outcome as string,
  }));
}
