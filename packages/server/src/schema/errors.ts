import { GraphQLError } from "graphql";

/**
 * The error codes a caller can rely on (`errors[].extensions.code`). Anything else that goes
 * wrong is masked as INTERNAL_SERVER_ERROR by the HTTP layer: never a stack trace.
 */
export type ErrorCode = "BAD_USER_INPUT" | "INTERNAL_SERVER_ERROR";

export function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" satisfies ErrorCode } });
}
