import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

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
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** A PostgreSQL connection string; empty or undefined selects the embedded database. */
  databaseUrl?: string;
  /** Folder the embedded database persists to. */
  dataDir: string;
  /** Clients the embedded database accepts at once (each pool on it holds one). */
  embeddedMaxConnections?: number;
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.P3PD_DATA_DIR || ".data"),
  };
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.databaseUrl) {
    return {
      connectionString: config.databaseUrl,
      engine: "postgresql",
      maxPoolSize: 10,
      close: async () => {},
    };
  }
  return openEmbeddedDatabase(path.join(config.dataDir, "pglite"), config.embeddedMaxConnections ?? 4);
}

/** Serves a PGlite database on a free loopback port so `pg`-based clients reach it unchanged. */
async function openEmbeddedDatabase(folder: string, maxConnections: number): Promise<Database> {
  await mkdir(folder, { recursive: true });
  const pglite = await PGlite.create(folder);
  // The app's pool and the migration engine's each hold a connection; the socket server queues
  // their statements onto PGlite's single session, keeping each transaction whole.
  const socketServer = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections });
  await socketServer.start();
  return {
    connectionString: `postgresql://postgres:postgres@${socketServer.getServerConn()}/postgres?sslmode=disable`,
    engine: "pglite",
    maxPoolSize: 1,
    close: async () => {
      await socketServer.stop();
      await pglite.close();
    },
  };
}
