import type { Plugin } from "graphql-yoga";

export type ServerPhase = "migrating" | "importing" | "ready";

/** What `/health` reports; the server also refuses GraphQL until the phase is "ready". */
export interface ServerStatus {
  phase: ServerPhase;
  /** Answers whether the database is reachable right now. */
  checkDatabase(): Promise<boolean>;
}

const json = (status: number, body: object) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/**
 * `GET /health` answers 200 only once the server can serve data (migrated, imported, database
 * reachable) and 503 otherwise, so an orchestrator or a test can wait on it. Until then every
 * other request gets a 503 too, rather than an answer from a half-loaded database.
 */
export function useHealth(status: ServerStatus): Plugin {
  return {
    async onRequest({ url, endResponse }) {
      if (url.pathname === "/health") {
        if (status.phase !== "ready") return endResponse(json(503, { status: status.phase }));
        const databaseUp = await status.checkDatabase();
        return endResponse(json(databaseUp ? 200 : 503, { status: databaseUp ? "ok" : "database unreachable" }));
      }
      if (status.phase !== "ready") {
        endResponse(json(503, { errors: [{ message: `The server is starting (${status.phase}); retry shortly.` }] }));
      }
    },
  };
}
