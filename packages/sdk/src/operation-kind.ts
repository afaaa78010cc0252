import { Kind, OperationTypeNode, parse, type DocumentNode } from "graphql";

/**
 * True when every operation in the document is a query: safe to send again after a failure. A
 * text is parsed for it (graphql-request parses it anyway, so the parser is in every bundle); a
 * text that does not parse is not retried, and the API answers it with the syntax error.
 */
export function isQueryOnly(document: DocumentNode | string): boolean {
  const tree = typeof document === "string" ? parseOrUndefined(document) : document;
  return (
    tree !== undefined &&
    tree.definitions.every((definition) => definition.kind !== Kind.OPERATION_DEFINITION || definition.operation === OperationTypeNode.QUERY)
  );
}

function parseOrUndefined(text: string): DocumentNode | undefined {
  try {
    return parse(text, { noLocation: true });
  } catch {
    return undefined;
  }
}
