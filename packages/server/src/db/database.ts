import path from "node:path";
import { liveOwnerOf } from "./data-folder-lock.js";
import { embeddedConnectionString, openEmbeddedDatabase } from "./embedded-database.js";

/**
 * A PostgreSQL database the rest of the code reaches through a connection string, whether it is
 * a real server (`DATABASE_URL`) or the embedded PGlite default. Keeping one code path means the
 * embedded default exercises exactly what production runs.
 */
export interface Database {
  readonly connectionString: string;
  readonly engine: "postgresql" | "pglite";
  /**
   * Most connections a pool may open. PGlite is a single backend session: two connections
   * would interleave their transactions, so every pool on it gets one.
   */
  readonly maxPoolSize: number;
  /** The embedded database's folder (its data key file lives there); none for PostgreSQL. */
  readonly dataDir?: string;
  /**
   * Stops, from now on, every statement that runs longer than `timeoutMs`, whichever connection
   * sent it. Only the embedded database needs this (see embedded-database.ts): PostgreSQL limits
   * each session itself, set by the pool that opens it (createPrismaClient's statementTimeoutMs),
   * and a database opened elsewhere is limited by its owner: both leave this out.
   */
  limitStatements?(timeoutMs: number): void;
  /**
   * Answers whether the database is up without sending it a statement, where a statement would
   * wait behind the one running (the embedded database runs one at a time). Left out where a
   * statement is the way to ask.
   */
  isServing?(): boolean;
  /** For the embedded database: how long its current statement has run (ms), null when idle. */
  runningStatementMs?(): number | null;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** A PostgreSQL connection string; empty or undefined selects the embedded database. */
  databaseUrl?: string;
  /** Folder the embedded database persists to. */
  dataDir: string;
  /** Clients the embedded database accepts at once (each pool on it holds one). */
  embeddedMaxConnections?: number;
  /**
   * When another live process has the embedded data folder open and serves it (`p3pd serve`),
   * connect to that process's database instead of refusing. Never opens the folder itself.
   */
  shareRunningServer?: boolean;
  /** What this process runs ("p3pd serve"), named in the error another process gets. */
  command?: string;
  log?: (message: string) => void;
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.P3PD_DATA_DIR || ".data"),
  };
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.databaseUrl) {
    return { connectionString: config.databaseUrl, engine: "postgresql", maxPoolSize: 10, close: async () => {} };
  }
  const owner = config.shareRunningServer ? await liveOwnerOf(config.dataDir) : null;
  if (owner?.socketDir) {
    // The owner's limit on statements applies to everything its database runs, this process's too.
    return { connectionString: embeddedConnectionString(owner.socketDir), engine: "pglite", maxPoolSize: 1, dataDir: config.dataDir, close: async () => {} };
  }
  const embedded = await openEmbeddedDatabase({
    dataDir: config.dataDir,
    // The app's pool and the migration engine's each hold a connection; the socket server queues
    // their statements onto PGlite's single session, keeping each transaction whole.
    maxConnections: config.embeddedMaxConnections ?? 4,
    command: config.command ?? [path.basename(process.argv[1] ?? "node"), ...process.argv.slice(2)].join(" "),
    log: config.log,
  });
  return {
    connectionString: embedded.connectionString,
    engine: "pglite",
    maxPoolSize: 1,
    dataDir: config.dataDir,
    limitStatements: (timeoutMs) => embedded.limitStatements(timeoutMs),
    isServing: () => embedded.isServing(),
    runningStatementMs: () => embedded.runningStatementMs(),
    close: () => embedded.close(),
  };
}
