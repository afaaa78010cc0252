import { PothosValidationError } from "@pothos/core";
import { GraphQLError } from "graphql";
import { maskError as maskUnexpectedError } from "graphql-yoga";

/**
 * Decides what a caller sees of an error. Errors that are the caller's doing keep their message
 * and carry a code: our own typed errors, GraphQL's validation errors, and Pothos' checks on
 * arguments (a malformed cursor or global ID), which become BAD_USER_INPUT. Everything else is an
 * internal failure and is masked: no message, no stack trace.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  if (!(error instanceof GraphQLError)) return maskUnexpectedError(error, message, isDev);
  const original = error.originalError;
  if (original instanceof PothosValidationError) {
    return new GraphQLError(original.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  const isCallersError = original === undefined || original === null || original instanceof GraphQLError;
  return isCallersError ? error : maskUnexpectedError(error, message, isDev);
}
