import type { Plugin } from "graphql-yoga";
import { errorResponse } from "./error-response.js";

/** Starting (migrating, importing), serving (ready), or finishing the requests in flight before exit (draining). */
export type ServerPhase = "migrating" | "importing" | "ready" | "draining";

/** What `/health` reports; the server also refuses GraphQL while it is starting. */
export interface ServerStatus {
  phase: ServerPhase;
  /** Answers whether the database is reachable right now. */
  checkDatabase(): Promise<boolean>;
}

/** A first start loads the whole tree in about 9 s on PGlite; a few seconds is a fair first wait. */
const startingRetryAfterSeconds = 5;

const json = (status: number, body: object) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/**
 * `GET /health` answers 200 only while the server can serve data (migrated, imported, database
 * reachable, not shutting down) and 503 otherwise, so an orchestrator or a test can wait on it
 * and a load balancer stops sending work to a server that drains. While the server starts every
 * other request gets a 503 too, rather than an answer from a half-loaded database; while it
 * drains, requests that still arrive on open connections are served.
 */
export function useHealth(status: ServerStatus): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname === "/health") {
        if (status.phase !== "ready") return endResponse(json(503, { status: status.phase }));
        const databaseUp = await status.checkDatabase();
        return endResponse(json(databaseUp ? 200 : 503, { status: databaseUp ? "ok" : "database unreachable" }));
      }
      if (status.phase === "migrating" || status.phase === "importing") {
        // Like a database outage: a GraphQL error body in the media type asked for, and when to
        // come back, so a client (the SDK retries queries on a 503) waits instead of failing.
        const message = `The server is starting (${status.phase}); retry shortly.`;
        endResponse(errorResponse(503, message, "SERVER_STARTING", { "retry-after": String(startingRetryAfterSeconds) }, request.headers.get("accept")));
      }
    },
  };
}
