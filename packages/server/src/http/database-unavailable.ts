import { GraphQLError, type ASTNode } from "graphql";
import { errorResponse } from "./error-response.js";

/**
 * How a request that met a database outage is answered (see db/unavailable.ts for how the outage
 * is recognised): HTTP 503 with Retry-After and the code DATABASE_UNAVAILABLE, so that a client —
 * the SDK retries queries on a 503 — waits and tries again instead of reporting a bug. The
 * message does not promise that nothing was written: a write whose commit was under way when the
 * connection broke may have landed, which is why clients retry only idempotent writes.
 */
const retryAfterSeconds = 5;
const message = `The database is unavailable right now; retry in ${retryAfterSeconds} seconds.`;
const code = "DATABASE_UNAVAILABLE";

/** The error in a GraphQL result, at the field (`nodes`, `path`) where the outage was met, if any. */
export function databaseUnavailableError(at?: { nodes?: readonly ASTNode[] | undefined; path?: readonly (string | number)[] | undefined }): GraphQLError {
  return new GraphQLError(message, {
    nodes: at?.nodes,
    path: at?.path,
    extensions: { code, http: { status: 503, headers: { "Retry-After": String(retryAfterSeconds) } } },
  });
}

/** The same answer as a whole response, for an outage met outside GraphQL execution (a request hook, a route). */
export function databaseUnavailableResponse(accept: string | null): Response {
  return errorResponse(503, message, code, { "retry-after": String(retryAfterSeconds) }, accept);
}
