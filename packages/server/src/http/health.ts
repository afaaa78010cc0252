import type { Plugin } from "graphql-yoga";

/** Starting (migrating, importing), serving (ready), or finishing the requests in flight before exit (draining). */
export type ServerPhase = "migrating" | "importing" | "ready" | "draining";

/** What `/health` reports; the server also refuses GraphQL while it is starting. */
export interface ServerStatus {
  phase: ServerPhase;
  /** Answers whether the database is reachable right now. */
  checkDatabase(): Promise<boolean>;
}

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
    async onRequest({ url, endResponse }) {
      if (url.pathname === "/health") {
        if (status.phase !== "ready") return endResponse(json(503, { status: status.phase }));
        const databaseUp = await status.checkDatabase();
        return endResponse(json(databaseUp ? 200 : 503, { status: databaseUp ? "ok" : "database unreachable" }));
      }
      if (status.phase === "migrating" || status.phase === "importing") {
        endResponse(json(503, { errors: [{ message: `The server is starting (${status.phase}); retry shortly.` }] }));
      }
    },
  };
}
