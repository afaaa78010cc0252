import { GraphQLError } from "graphql";

/**
 * The error codes a caller can rely on (`errors[].extensions.code`). Anything else that goes
 * wrong is masked as INTERNAL_SERVER_ERROR by the HTTP layer: never a stack trace.
 */
export type ErrorCode = "BAD_USER_INPUT" | "UNAUTHENTICATED" | "FORBIDDEN" | "INTERNAL_SERVER_ERROR";

export function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" satisfies ErrorCode } });
}

/** No key was sent, and the field needs one. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED" satisfies ErrorCode } });
}

/** The key was sent, and its role or region does not reach this field or row. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "FORBIDDEN" satisfies ErrorCode } });
}
