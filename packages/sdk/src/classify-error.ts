import { ClientError } from "graphql-request";
import {
  AbortedError,
  AuthenticationError,
  BadUserInputError,
  ForbiddenError,
  NetworkError,
  RateLimitedError,
  ServerError,
  type P3pdError,
  type P3pdErrorDetails,
} from "./errors.js";
import { retryAfterMs } from "./rate-limit.js";

type ErrorClass = new (message: string, details: P3pdErrorDetails) => P3pdError;

// `extensions.code` → the class a caller catches. A code the API adds later gets its class here.
// A Map, not an object literal, so a code like "constructor" finds nothing inherited.
const classByCode = new Map<string, ErrorClass>([
  ["UNAUTHENTICATED", AuthenticationError],
  ["FORBIDDEN", ForbiddenError],
  // The caller may send persisted operations only, and sent a document's text.
  ["PERSISTED_QUERY_ONLY", ForbiddenError],
  ["BAD_USER_INPUT", BadUserInputError],
  ["GRAPHQL_VALIDATION_FAILED", BadUserInputError],
  ["GRAPHQL_PARSE_FAILED", BadUserInputError],
  // Over the server's depth, alias, token or node limits: the caller must ask for less.
  ["QUERY_TOO_COMPLEX", BadUserInputError],
  ["REQUEST_ENTITY_TOO_LARGE", BadUserInputError],
]);

/**
 * The P3pdError for what one attempt threw: graphql-request's ClientError (a response with GraphQL
 * errors or an HTTP error status), fetch's TypeError (no response), or an unreadable response;
 * an AbortedError whenever the caller's `signal` fired, as what fetch throws on abort differs
 * between runtimes. Timeouts are told apart by the retry part, which knows their signals.
 */
export function classifyError(error: unknown, signal: AbortSignal): P3pdError {
  if (signal.aborted) return new AbortedError("The call was aborted.", { cause: signal.reason });
  if (error instanceof ClientError) {
    const { status, headers, errors: graphQLErrors = [] } = error.response;
    const details = { graphQLErrors, status, cause: error };
    const message = graphQLErrors.map((each) => each.message).join("\n") || `The API answered HTTP ${status}.`;
    // The transport's verdict comes first: a 401 is an authentication failure whatever the body says.
    if (status === 401) return new AuthenticationError(message, details);
    if (status === 403) return new ForbiddenError(message, details);
    if (status === 429) return new RateLimitedError(message, details, retryAfterMs(headers));
    for (const { extensions } of graphQLErrors) {
      const byCode = typeof extensions?.code === "string" ? classByCode.get(extensions.code) : undefined;
      if (byCode) return new byCode(message, details);
    }
    return new ServerError(message, details);
  }
  // fetch rejects with a TypeError, and only then, when no response arrived.
  if (error instanceof TypeError) {
    return new NetworkError(`Could not reach the API: ${error.message}`, { cause: error });
  }
  return new ServerError("The API sent a response that is not a GraphQL result.", { cause: error });
}

