import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "../src/db/database.js";

/** A database a measuring script makes for one run and removes afterwards. */
export interface ThrowawayDatabase {
  label: "PGlite" | "PostgreSQL";
  /** openDatabase's settings for it. */
  config: { databaseUrl: string; dataDir: string };
  /** The same, as a server process's environment. */
  env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

/** An empty embedded data folder under the system's temporary folder. */
export async function throwawayPglite(prefix: string): Promise<ThrowawayDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  return {
    label: "PGlite",
    config: { databaseUrl: "", dataDir },
    env: { DATABASE_URL: "", P3PD_DATA_DIR: dataDir },
    dispose: () => rm(dataDir, { recursive: true, force: true }),
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new database `name` on the PostgreSQL server `serverUrl` (whose database it connects to for creating and dropping it). */
export async function throwawayPostgres(serverUrl: string, name: string): Promise<ThrowawayDatabase> {
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  return {
    label: "PostgreSQL",
    config: { databaseUrl: target.toString(), dataDir: "" },
    env: { DATABASE_URL: target.toString(), P3PD_DATA_DIR: "" },
    dispose: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** A throwaway database opened in this process; dispose closes it, then removes it. */
export interface OpenedThrowaway {
  label: ThrowawayDatabase["label"];
  database: Database;
  dispose(): Promise<void>;
}

export async function openThrowaway(made: ThrowawayDatabase): Promise<OpenedThrowaway> {
  const database = await openDatabase(made.config);
  return {
    label: made.label,
    database,
    dispose: async () => {
      await database.close();
      await made.dispose();
    },
  };
}
