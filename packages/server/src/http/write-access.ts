import { timingSafeEqual } from "node:crypto";
import { getOperationAST, GraphQLError } from "graphql";
import type { Plugin, YogaInitialContext } from "graphql-yoga";

/**
 * Until API keys and roles exist, writes (every mutation) need the one admin key from the
 * environment, sent as `Authorization: Bearer <key>`. Reads stay open. This is the single place
 * the write rule lives; the role-based access control will replace it.
 */
export function useWriteAccess(adminKey: string | undefined): Plugin<YogaInitialContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== "mutation") return;
      const error = writeAccessError(args.contextValue.request.headers.get("authorization"), adminKey);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

function writeAccessError(authorization: string | null, adminKey: string | undefined): GraphQLError | undefined {
  const presented = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!presented) {
    return new GraphQLError("Writes need an API key: send `Authorization: Bearer <key>`.", {
      extensions: { code: "UNAUTHENTICATED" },
    });
  }
  if (!adminKey || !sameSecret(presented, adminKey)) {
    return new GraphQLError("This API key may not write.", { extensions: { code: "FORBIDDEN" } });
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
