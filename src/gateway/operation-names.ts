import { getOperationAST, Kind, type DocumentNode, type OperationDefinitionNode } from "graphql";
import type { ExecutionRequest } from "@graphql-tools/utils";

/** The client operation's name, by the request's context object. */
const clientOperationNames = new WeakMap<object, string>();
/** Each planned subgraph document, named once per client operation name. */
const namedDocuments = new WeakMap<DocumentNode, Map<string, DocumentNode>>();

function named(document: DocumentNode, name: string): DocumentNode {
  let byName = namedDocuments.get(document);
  if (!byName) namedDocuments.set(document, (byName = new Map()));
  let result = byName.get(name);
  if (!result) {
    const definitions = document.definitions.map((d) =>
      d.kind === Kind.OPERATION_DEFINITION && !d.name ? ({ ...d, name: { kind: Kind.NAME, value: name } } satisfies OperationDefinitionNode) : d,
    );
    result = { ...document, definitions };
    byName.set(name, result);
  }
  return result;
}

/**
 * Subgraph operations carry the client's operation name, so that the audit log and the metrics of every
 * subgraph a request touched can be tied back to it. Hive Router's planner sends them anonymous (the
 * stitching planner kept the client's name); an operation that already has a name keeps it.
 */
export function operationNamesPlugin() {
  const remember = ({ args }: { args: { contextValue: object; document: DocumentNode; operationName?: string | null } }) => {
    const name = args.operationName ?? getOperationAST(args.document, args.operationName)?.name?.value;
    if (name) clientOperationNames.set(args.contextValue, name);
  };
  return {
    onExecute: remember,
    onSubscribe: remember,
    onSubgraphExecute({ executionRequest, setExecutionRequest }: { executionRequest: ExecutionRequest; setExecutionRequest(request: ExecutionRequest): void }) {
      const name = executionRequest.context ? clientOperationNames.get(executionRequest.context as object) : undefined;
      if (!name || executionRequest.operationName) return;
      const operation = getOperationAST(executionRequest.document);
      if (!operation || operation.name) return;
      setExecutionRequest({ ...executionRequest, document: named(executionRequest.document, name), operationName: name });
    },
  };
}
