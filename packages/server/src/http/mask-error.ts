import { GraphQLError } from "graphql";
import { maskError as maskUnexpectedError } from "graphql-yoga";
import { isDatabaseUnavailable } from "../db/unavailable.js";
import type { Logger } from "../observability/logger.js";
import { databaseUnavailableError } from "./database-unavailable.js";

/**
 * graphql-js ships as both CommonJS and ESM, and the executor may load the other copy than ours,
 * so errors are recognised by name rather than by `instanceof`.
 */
function isErrorNamed(value: unknown, name: string): value is GraphQLError {
  return value instanceof Error && value.name === name;
}

/** What a caller is told of an error; `message` is the masked text ("Unexpected error."). */
export type MaskError = (error: unknown, message: string) => Error;

/** The error a GraphQL error stands for, for the log: the original one when it wraps another. */
const causeOf = (error: unknown): unknown => (isErrorNamed(error, "GraphQLError") && error.originalError ? error.originalError : error);

/**
 * Decides what a caller sees of an error. Errors that are the caller's doing keep their message
 * and carry a code: our own typed errors, GraphQL's validation errors, and Pothos' checks on
 * arguments (a malformed cursor or global ID), which become BAD_USER_INPUT. A lost or refused
 * database connection — in a resolver, or in the rate-limit charge before execution — is neither
 * a mistake of the caller's nor a bug: it is told as DATABASE_UNAVAILABLE with HTTP 503, which
 * clients may retry. Everything else is an internal failure and is masked: no message, no stack
 * trace, whatever NODE_ENV says. Both of the latter are logged (under the request's id), as Yoga's
 * own logger is off.
 */
export function createErrorMasker(logger: Logger): MaskError {
  const masked = (error: unknown, message: string) => {
    logger.error({ err: causeOf(error) }, "Unexpected error");
    return maskUnexpectedError(error, message, false);
  };
  return (error, message) => {
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: causeOf(error) }, "Database unavailable");
      return databaseUnavailableError(isErrorNamed(error, "GraphQLError") ? error : undefined);
    }
    if (!isErrorNamed(error, "GraphQLError")) return masked(error, message);
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
    return hasCode ? error : masked(error, message);
  };
}
