import { inject } from "vitest";
import type { Database } from "../../src/db/database.js";
import { createPrismaClient, type PrismaClient } from "../../src/db/prisma.js";
import { startServer, type RunningServer } from "../../src/http/start-server.js";
import { silentProgress } from "../../src/progress.js";

/** The database the global setup migrated and loaded (closing it is the setup's job). */
export function sharedDatabase(): Database {
  return { ...inject("testDatabase"), close: async () => {} };
}

export function sharedPrisma(): PrismaClient {
  return createPrismaClient(sharedDatabase());
}

/** The bootstrap ADMIN key (P3PD_ADMIN_KEY) of the servers tests start. */
export const testAdminKey = "test-admin-key";

/**
 * Every test file charges the same rate-limit windows in the shared database (one per key, and
 * one for all anonymous requests, which come from the same address), so servers over it allow
 * far more points than any run spends. The limits themselves are tested on a database of their own.
 */
export const unlimitedRates = { rateLimitKeyPoints: 1_000_000_000, rateLimitAnonymousPoints: 1_000_000_000 } as const;

/** A real HTTP server on a free loopback port, over the shared database, with the test admin key. */
export function startSharedServer(): Promise<RunningServer> {
  return startServer({ database: sharedDatabase(), port: 0, progress: silentProgress, adminKey: testAdminKey, http: unlimitedRates });
}
