import type { Plugin } from "graphql-yoga";
import type { Authentication, Authenticator } from "../access/authenticate.js";
import type { Caller } from "../access/caller.js";
import { isDatabaseUnavailable } from "../db/unavailable.js";
import { databaseUnavailableResponse } from "./database-unavailable.js";
import { errorResponse } from "./error-response.js";
import { nodeRequestOf } from "./node-request.js";

/** Who sent each request in flight, for the GraphQL context, exports and rate limits. */
export class RequestCallers {
  private readonly callers = new WeakMap<Request, Caller>();

  set(request: Request, caller: Caller): void {
    this.callers.set(request, caller);
  }

  /** The caller of a request that passed authentication (every request does before it reaches GraphQL). */
  of(request: Request): Caller {
    const caller = this.callers.get(request);
    if (!caller) throw new Error("Request reached GraphQL without passing authentication");
    return caller;
  }
}

/** The peer's address; "local" for a request through `yoga.fetch`, which has no socket. */
function clientAddressOf(serverContext: unknown): string {
  return nodeRequestOf(serverContext)?.socket?.remoteAddress ?? "local";
}

/** What a 401 asks for: a bearer token (RFC 6750). */
export const bearerChallenge = { "www-authenticate": 'Bearer realm="p3pd"' } as const;

/**
 * Reads the API key of every request before anything else runs. No key: an anonymous caller,
 * who still reaches the public data. A key that is malformed, unknown or revoked: 401 with
 * UNAUTHENTICATED, never a silent fall-back to anonymous, so a client with a broken key hears it.
 */
export function useAuthentication(authenticator: Authenticator, callers: RequestCallers): Plugin {
  return {
    async onRequest({ request, serverContext, endResponse }) {
      let outcome: Authentication;
      try {
        outcome = await authenticator.authenticate(request.headers.get("authorization"), clientAddressOf(serverContext));
      } catch (error) {
        // Looking a key up needs the database. When it is down, say so (503, retry later) here: an
        // error thrown from this hook reaches the HTTP adapter, which answers 500 with the stack.
        if (!isDatabaseUnavailable(error)) throw error;
        return endResponse(databaseUnavailableResponse());
      }
      if ("caller" in outcome) return callers.set(request, outcome.caller);
      endResponse(errorResponse(401, outcome.refusal, "UNAUTHENTICATED", bearerChallenge));
    },
  };
}
