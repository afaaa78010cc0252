import { getOperationAST, type DocumentNode, type ExecutionResult } from "graphql";
import type { Plugin, YogaInitialContext } from "graphql-yoga";
import { currentRequestRecord } from "../observability/request-context.js";

/**
 * Notes, for the request's log line and metrics, which operation a request runs — the name its
 * document declares, read once the document has parsed (so a syntactically valid name, never a
 * client's unchecked text), including for a request that a limit then refuses — and how its
 * answer came out: "ok", or the code of the first error.
 */
export function useOperationRecord(): Plugin<YogaInitialContext> {
  return {
    onParse({ context }) {
      return ({ result }) => {
        const record = currentRequestRecord();
        if (!record || !isDocument(result)) return;
        record.operation = getOperationAST(result, context.params.operationName)?.name?.value ?? "anonymous";
      };
    },
    onResultProcess({ result }) {
      const record = currentRequestRecord();
      if (!record || Array.isArray(result) || Symbol.asyncIterator in result) return;
      const { errors } = result as ExecutionResult;
      const code = errors?.[0]?.extensions?.code;
      record.outcome = errors === undefined || errors.length === 0 ? "ok" : typeof code === "string" ? code : "GRAPHQL_ERROR";
    },
  };
}

const isDocument = (value: unknown): value is DocumentNode =>
  typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "Document";
