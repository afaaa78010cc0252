import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import * as v from "valibot";
import { PrismaClient, type Prisma } from "./generated/prisma/client.js";
import type { Database } from "./database.js";
import { createDirectSql, type DirectSql } from "./direct-sql.js";
import { createStatementNamer } from "./prepared-statements.js";
import { decodeRows, type SqlStatement } from "./sql-statement.js";

export type { PrismaClient };

/**
 * What a write runs on: a transaction's client (every mutation runs in one, with its audit record:
 * see schema/audit-plugin.ts) or the client itself. Code that must be atomic, or that locks rows,
 * says so and expects its caller to have opened the transaction.
 */
export type Db = Prisma.TransactionClient;

export interface PrismaClientOptions {
  /** Called with the SQL of every statement sent (one call per round trip), direct reads included. */
  onQuery?: (sql: string) => void;
  /**
   * PostgreSQL stops any statement of this pool's sessions that runs longer (statement_timeout).
   * PGlite ignores the setting; its limit is the whole database's (Database.limitStatements).
   */
  statementTimeoutMs?: number;
}

/** The direct reads over each client's own pool (every client here is made by createPrismaClient). */
const directReads = new WeakMap<PrismaClient, DirectSql>();
const pools = new WeakMap<PrismaClient, pg.Pool>();
const engines = new WeakMap<PrismaClient, Database["engine"]>();

/** How a client's connections are used right now, for the metrics. */
export interface PoolUse {
  /** Most connections the pool may open. */
  max: number;
  /** Connections open, idle among them, and callers waiting for one. */
  open: number;
  idle: number;
  waiting: number;
}

export function createPrismaClient(database: Database, options: PrismaClientOptions = {}): PrismaClient {
  const pool = new pg.Pool({ connectionString: database.connectionString, max: database.maxPoolSize, statement_timeout: options.statementTimeoutMs });
  // Prisma's statements and the direct reads share the pool's connections, so they share the names too.
  const nameOf = database.engine === "postgresql" ? createStatementNamer(() => serverVersion(pool)) : undefined;
  // The client owns the pool: $disconnect ends it.
  const adapter = new PrismaPg(pool, { disposeExternalPool: true, statementNameGenerator: nameOf && ((query) => nameOf(query.sql)) });
  const { onQuery } = options;
  const client = onQuery ? loggingClient(adapter, onQuery) : new PrismaClient({ adapter });
  directReads.set(client, createDirectSql(pool, nameOf, onQuery));
  pools.set(client, pool);
  engines.set(client, database.engine);
  return client;
}

function loggingClient(adapter: PrismaPg, onQuery: (sql: string) => void): PrismaClient {
  const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  client.$on("query", (event) => onQuery(event.query));
  return client;
}

/** The server's own account of itself: PostgreSQL's, or PGlite's behind a PostgreSQL connection string. */
const versionStatement: SqlStatement<{ version: string }> = { text: "SELECT version() AS version", row: v.strictObject({ version: v.string() }) };

async function serverVersion(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query(versionStatement.text);
  return decodeRows(versionStatement, rows)[0]?.version ?? "";
}

/** Reads that skip Prisma's row mapping, on the same pool as `prisma` (see direct-sql.ts). */
export function directSqlOf(prisma: PrismaClient): DirectSql {
  const sql = directReads.get(prisma);
  if (!sql) throw new Error("This Prisma client was not made by createPrismaClient, so it has no direct reads");
  return sql;
}

/** The engine behind a client, for maintenance that differs between them (see personal-data/erased-remnants.ts). */
export function engineOf(prisma: PrismaClient): Database["engine"] {
  const engine = engines.get(prisma);
  if (!engine) throw new Error("This Prisma client was not made by createPrismaClient, so its engine is unknown");
  return engine;
}

export function poolUseOf(prisma: PrismaClient): PoolUse | undefined {
  const pool = pools.get(prisma);
  return pool && { max: pool.options.max ?? 10, open: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}
