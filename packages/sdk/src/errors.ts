import { ClientError } from "graphql-request";

export { ClientError };

/** One GraphQL error of a failed call. */
export interface GraphQLErrorSummary {
  message: string;
  /** `extensions.code`, e.g. "BAD_USER_INPUT" for a malformed region code. */
  code: string | undefined;
}

/**
 * The GraphQL errors behind a failed call, with their codes. Empty when the call failed for
 * another reason (network, HTTP status), so callers can tell "you asked wrongly" from "it broke".
 */
export function graphQLErrorsOf(error: unknown): GraphQLErrorSummary[] {
  if (!(error instanceof ClientError)) return [];
  return (error.response.errors ?? []).map(({ message, extensions }) => ({
    message,
    code: typeof extensions?.code === "string" ? extensions.code : undefined,
  }));
}
