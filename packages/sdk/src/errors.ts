import type { GraphQLFormattedError } from "graphql";

/** What an error knows about the response behind it. */
export interface P3pdErrorDetails {
  /** The response's GraphQL errors, as received. */
  graphQLErrors?: readonly GraphQLFormattedError[] | undefined;
  /** The HTTP status, when a response arrived. */
  status?: number | undefined;
  /** The underlying failure, e.g. fetch's TypeError. */
  cause?: unknown;
}

/**
 * The base of every error an SDK call rejects with: catch this for "the call failed", or one of
 * the subclasses for why. Subclasses are the extension point for failures the API adds later.
 */
export class P3pdError extends Error {
  // A literal name per class, not `constructor.name` (minifiers rename classes). Literal types also
  // keep classes with the same fields apart for the compiler, so `instanceof` narrows correctly.
  override readonly name: string = "P3pdError";
  /** The GraphQL errors of the response, as received; empty when there were none (e.g. HTTP 503). */
  readonly graphQLErrors: readonly GraphQLFormattedError[];
  /** The HTTP status, or undefined when no response arrived. */
  readonly status: number | undefined;

  constructor(message: string, { graphQLErrors = [], status, cause }: P3pdErrorDetails = {}) {
    // Only a real cause is passed on, so errors without one have no `cause` property at all.
    super(message, cause === undefined ? {} : { cause });
    this.graphQLErrors = graphQLErrors;
    this.status = status;
  }
}

/** No or an invalid API key: `UNAUTHENTICATED` or HTTP 401. */
export class AuthenticationError extends P3pdError {
  override readonly name = "AuthenticationError";
}

/**
 * The API key may not do this: `FORBIDDEN` or HTTP 403, or `PERSISTED_QUERY_ONLY` (the key may
 * send persisted operations only, and the call sent a document's text).
 */
export class ForbiddenError extends P3pdError {
  override readonly name = "ForbiddenError";
}

/** Too many requests: HTTP 429, still so after the retries the policy allows. */
export class RateLimitedError extends P3pdError {
  override readonly name = "RateLimitedError";
  /** How long the API asked to wait (its `Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: P3pdErrorDetails, retryAfterMs: number | undefined) {
    super(message, details);
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The request itself was wrong: `BAD_USER_INPUT` (e.g. a malformed region code, a page size over
 * 100) or a document the schema rejects (`GRAPHQL_VALIDATION_FAILED`, `GRAPHQL_PARSE_FAILED`).
 * Retrying does not help; the messages say what to change.
 */
export class BadUserInputError extends P3pdError {
  override readonly name = "BadUserInputError";
}

/** No response: the API could not be reached, or the connection failed. */
export class NetworkError extends P3pdError {
  override readonly name: "NetworkError" | "TimeoutError" | "AbortedError" = "NetworkError";
}

/** An attempt took longer than `timeoutMs` (after the retries the policy allows). */
export class TimeoutError extends NetworkError {
  override readonly name = "TimeoutError";
}

/** The caller aborted the call through a client-wide or per-call `signal`. Never retried. */
export class AbortedError extends NetworkError {
  override readonly name = "AbortedError";
}

/** The API failed: `INTERNAL_SERVER_ERROR`, an HTTP 5xx, or anything not covered above. */
export class ServerError extends P3pdError {
  override readonly name = "ServerError";
}

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
  if (!(error instanceof P3pdError)) return [];
  return error.graphQLErrors.map(({ message, extensions }) => ({
    message,
    code: typeof extensions?.code === "string" ? extensions.code : undefined,
  }));
}
