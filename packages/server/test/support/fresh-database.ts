import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "../../src/db/database.js";

/** Which engine the suite runs on: a real PostgreSQL when DATABASE_URL is set, else PGlite. */
export const testEngine: Database["engine"] = process.env.DATABASE_URL ? "postgresql" : "pglite";

export interface FreshDatabase {
  database: Database;
  /** For the embedded engine, the data folder; PostgreSQL databases have none. */
  dataDir?: string;
  /** Closes the database and deletes it. */
  destroy(): Promise<void>;
}

/**
 * An empty database of the engine under test: a new database on the PostgreSQL server named by
 * DATABASE_URL, or a PGlite in a new temporary folder.
 */
export async function createFreshDatabase(embeddedMaxConnections = 32): Promise<FreshDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `p3pd_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: "" });
    return {
      database,
      destroy: async () => {
        await database.close();
        await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      },
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "p3pd-test-"));
  const database = await openDatabase({ dataDir, embeddedMaxConnections });
  return {
    database,
    dataDir,
    destroy: async () => {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
