import type { Plugin } from "graphql-yoga";
import type { Authentication, Authenticator } from "../access/authenticate.js";
import type { Caller } from "../access/caller.js";
import type { ClientAddressOf } from "./client-address.js";
import { errorResponse } from "./error-response.js";

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

  /** The caller, if the request got as far as authentication (for its log line). */
  find(request: Request): Caller | undefined {
    return this.callers.get(request);
  }
}

/** What a 401 asks for: a bearer token (RFC 6750). */
export const bearerChallenge = { "www-authenticate": 'Bearer realm="p3pd"' } as const;

/**
 * Reads the API key of every request before anything else runs. No key: an anonymous caller,
 * who still reaches the public data. A key that is malformed, unknown or revoked: 401 with
 * UNAUTHENTICATED, never a silent fall-back to anonymous, so a client with a broken key hears it.
 */
export function useAuthentication(authenticator: Authenticator, callers: RequestCallers, clientAddressOf: ClientAddressOf): Plugin {
  return {
    async onRequest({ request, serverContext, endResponse }) {
      // Looking a key up needs the database; a failure there is answered by the HTTP edge (edge.ts).
      const outcome: Authentication = await authenticator.authenticate(request.headers.get("authorization"), clientAddressOf(serverContext));
      if ("caller" in outcome) return callers.set(request, outcome.caller);
      endResponse(errorResponse(401, outcome.refusal, "UNAUTHENTICATED", bearerChallenge, request.headers.get("accept")));
    },
  };
}
