import { Kind, OperationTypeNode, type DocumentNode } from "graphql";

/** True when every operation in the document is a query: safe to send again after a failure. */
export function isQueryOnly(document: DocumentNode): boolean {
  return document.definitions.every(
    (definition) => definition.kind !== Kind.OPERATION_DEFINITION || definition.operation === OperationTypeNode.QUERY,
  );
}
