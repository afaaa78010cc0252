import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "../db/database.js";
import { applyPendingMigrations } from "../db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../db/prisma.js";
import { loadAllData } from "../import/load-data.js";
import type { Progress } from "../import/progress.js";
import type { ServerStatus } from "./health.js";
import type { HttpOptions } from "./http-options.js";
import { createGraphQLServer } from "./yoga.js";

export interface StartOptions {
  /** The caller opened it and closes it after the server. */
  database: Database;
  port: number;
  host?: string;
  progress: Progress;
  /** The key that may write (P3PD_ADMIN_KEY). */
  adminKey?: string;
  /** Body size and execution time limits, allowed origins; each defaults as in http-options.ts. */
  http?: Partial<HttpOptions>;
  log?: (message: string) => void;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:4000; GraphQL is at `${url}/graphql`. */
  url: string;
  prisma: PrismaClient;
  close(): Promise<void>;
}

/**
 * Starts listening at once (so `/health` can say what is happening), then
 * migrates and loads the data a fresh database lacks, and only then serves GraphQL.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const { database } = options;
  const prisma = createPrismaClient(database);
  const status: ServerStatus = {
    phase: "migrating",
    checkDatabase: () => prisma.$queryRaw`SELECT 1`.then(() => true, () => false),
  };
  const httpServer = createServer(createGraphQLServer(prisma, status, { ...options.http, adminKey: options.adminKey }));
  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host ?? "127.0.0.1", resolve));
  const url = `http://${options.host ?? "127.0.0.1"}:${(httpServer.address() as AddressInfo).port}`;

  const close = async () => {
    await closeHttpServer(httpServer);
    await prisma.$disconnect();
  };
  try {
    log(`Database: ${database.engine === "pglite" ? "embedded PGlite" : "PostgreSQL"}`);
    const applied = await applyPendingMigrations(database);
    log(applied.length > 0 ? `Applied migrations: ${applied.join(", ")}` : "Migrations: up to date");
    status.phase = "importing";
    for (const dataset of await loadAllData(prisma, options.progress)) {
      log(`${dataset.name}: ${dataset.loaded ? "loaded" : "already loaded"} (${dataset.rowCount.toLocaleString("en-US")} rows)`);
    }
    status.phase = "ready";
  } catch (error) {
    await close();
    throw error;
  }
  return { url, prisma, close };
}

function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
