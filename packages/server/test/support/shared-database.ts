import { inject } from "vitest";
import type { Database } from "../../src/db/database.js";
import { createPrismaClient, type PrismaClient } from "../../src/db/prisma.js";
import { startServer, type RunningServer } from "../../src/http/start-server.js";
import { silentProgress } from "../../src/import/progress.js";

/** The database the global setup migrated and loaded (closing it is the setup's job). */
export function sharedDatabase(): Database {
  return { ...inject("testDatabase"), close: async () => {} };
}

export function sharedPrisma(): PrismaClient {
  return createPrismaClient(sharedDatabase());
}

/** A real HTTP server on a free loopback port, over the shared database. */
export function startSharedServer(): Promise<RunningServer> {
  return startServer({ database: sharedDatabase(), port: 0, progress: silentProgress });
}
