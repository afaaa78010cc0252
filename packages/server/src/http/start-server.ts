import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "../db/database.js";
import { applyPendingMigrations } from "../db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../db/prisma.js";
import { loadAllData } from "../import/load-data.js";
import { preparePersonalData } from "../personal-data/prepare.js";
import type { Progress } from "../progress.js";
import { silentLogger, type Logger } from "../observability/logger.js";
import type { ServerStatus } from "./health.js";
import { defaultHttpOptions, type HttpOptions } from "./http-options.js";
import { createGraphQLServer } from "./yoga.js";

export interface StartOptions {
  /** The caller opened it and closes it after the server. */
  database: Database;
  port: number;
  host?: string;
  progress: Progress;
  /** The key that may write (P3PD_ADMIN_KEY). */
  adminKey?: string;
  /** Body size and execution time limits, allowed origins, proxies, metrics; each defaults as in http-options.ts. */
  http?: Partial<HttpOptions>;
  /** Start-up messages, request lines and errors; default: nowhere. */
  logger?: Logger;
  /** Where the data keys are configured (P3PD_DATA_KEY, P3PD_DATA_KEYS_PREVIOUS); default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:4000; GraphQL is at `${url}/graphql`. */
  url: string;
  prisma: PrismaClient;
  /**
   * Stops accepting connections, lets the requests in flight finish for up to `drainSeconds`
   * (default 0: cut them off), with `/health` answering 503 meanwhile, then closes the pool.
   */
  close(drainSeconds?: number): Promise<void>;
}

/**
 * Starts listening at once (so `/health` can say what is happening), then
 * migrates and loads the data a fresh database lacks, and only then serves GraphQL.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger;
  const { database } = options;
  // A request past its deadline has been answered already; its statements must not go on costing
  // the database. Bulk work (the import below) has no such limit: it is bounded by its own data.
  const statementTimeoutMs = options.http?.executionTimeoutMs ?? defaultHttpOptions.executionTimeoutMs;
  const prisma = createPrismaClient(database, { statementTimeoutMs });
  const isServing = database.isServing?.bind(database);
  const status: ServerStatus = {
    phase: "migrating",
    checkDatabase: isServing ? async () => isServing() : () => prisma.$queryRaw`SELECT 1`.then(() => true, () => false),
  };
  const edge = createGraphQLServer(prisma, status, { ...options.http, adminKey: options.adminKey, logger });
  const httpServer = createServer((request, response) => {
    // A connection kept alive after its last response would hold the drain open until it times out.
    response.once("finish", () => {
      if (status.phase === "draining") httpServer.closeIdleConnections();
    });
    edge(request, response);
  });
  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host ?? "127.0.0.1", resolve));
  const url = `http://${options.host ?? "127.0.0.1"}:${(httpServer.address() as AddressInfo).port}`;

  const close = async (drainSeconds = 0) => {
    status.phase = "draining";
    await stopListening(httpServer, drainSeconds * 1000, logger);
    await prisma.$disconnect();
  };
  try {
    logger.info({ engine: database.engine }, `Database: ${database.engine === "pglite" ? "embedded PGlite" : "PostgreSQL"}`);
    const applied = await applyPendingMigrations(database);
    logger.info(applied.length > 0 ? `Applied migrations: ${applied.join(", ")}` : "Migrations: up to date");
    const { encrypted } = await preparePersonalData(prisma, database, options.env);
    if (encrypted > 0) logger.info(`Personal data: encrypted the fields of ${encrypted.toLocaleString("en-US")} people stored in plain text`);
    status.phase = "importing";
    const bulk = createPrismaClient(database);
    try {
      for (const dataset of await loadAllData(bulk, options.progress)) {
        logger.info(`${dataset.name}: ${dataset.loaded ? "loaded" : "already loaded"} (${dataset.rowCount.toLocaleString("en-US")} rows)`);
      }
    } finally {
      await bulk.$disconnect();
    }
    database.limitStatements?.(statementTimeoutMs);
    status.phase = "ready";
  } catch (error) {
    await close();
    throw error;
  }
  return { url, prisma, close };
}

/**
 * Closes the listening socket and the idle connections at once, and waits for the requests in
 * flight to finish; those still running after `graceMs` have their connections closed.
 */
function stopListening(server: Server, graceMs: number, logger: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline =
      graceMs > 0
        ? setTimeout(() => {
            logger.warn({ drainMs: graceMs }, "Drain time is up: closing the connections still open");
            server.closeAllConnections();
          }, graceMs)
        : undefined;
    server.close((error) => {
      clearTimeout(deadline);
      if (error) reject(error);
      else resolve();
    });
    if (graceMs === 0) server.closeAllConnections();
  });
}
