import { GraphQLError } from "graphql";
import { maskError as maskUnexpectedError } from "graphql-yoga";
import { isDatabaseUnavailable } from "../db/unavailable.js";
import { databaseUnavailableError } from "./database-unavailable.js";

/**
 * graphql-js ships as both CommonJS and ESM, and the executor may load the other copy than ours,
 * so errors are recognised by name rather than by `instanceof`.
 */
function isErrorNamed(value: unknown, name: string): value is GraphQLError {
  return value instanceof Error && value.name === name;
}

/**
 * Decides what a caller sees of an error. Errors that are the caller's doing keep their message
 * and carry a code: our own typed errors, GraphQL's validation errors, and Pothos' checks on
 * arguments (a malformed cursor or global ID), which become BAD_USER_INPUT. A lost or refused
 * database connection — in a resolver, or in the rate-limit charge before execution — is neither
 * a mistake of the caller's nor a bug: it is told as DATABASE_UNAVAILABLE with HTTP 503, which
 * clients may retry. Everything else is an internal failure and is masked: no message, no stack
 * trace.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  if (isDatabaseUnavailable(error)) return databaseUnavailableError(isErrorNamed(error, "GraphQLError") ? error : undefined);
  if (!isErrorNamed(error, "GraphQLError")) return maskUnexpectedError(error, message, isDev);
  const original = error.originalError;
  if (isErrorNamed(original, "PothosValidationError")) {
    return new GraphQLError(original.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  // No original error: GraphQL itself rejected the document or the variables.
  if (original == null) return error;
  const hasCode = isErrorNamed(original, "GraphQLError") && typeof original.extensions.code === "string";
  return hasCode ? error : maskUnexpectedError(error, message, isDev);
}
