import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import { migratedSchemaSnapshotPath, migrationsDir, prismaSchemaPath } from "../paths.js";
import pg from "pg";
import * as v from "valibot";
import type { Database } from "./database.js";
import { decodeRows, type SqlStatement } from "./sql-statement.js";
import { withSchemaEngine, type SchemaFile } from "./schema-engine.js";

const lockfileName = "migration_lock.toml";
const noFilters = { externalTables: [], externalEnums: [] };

async function readSchemaFile(filePath: string): Promise<SchemaFile> {
  return { path: filePath, content: await readFile(filePath, "utf8") };
}

/** The migrations folder in the shape Prisma's engine expects (the same layout `prisma migrate` uses). */
export async function readMigrationList(dir = migrationsDir): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const lockfileContent = await readFile(path.join(dir, lockfileName), "utf8").catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: lockfileName, content: lockfileContent },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      folders.map(async (folder) => ({
        path: folder,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(path.join(dir, folder, "migration.sql"), "utf8").then(
            (sql) => ({ tag: "ok" as const, value: sql }),
            (error: Error) => ({ tag: "error" as const, value: error.message }),
          ),
        },
      })),
    ),
  };
}

const appliedMigrations: SqlStatement<{ name: string; checksum: string; finished: boolean }> = {
  text: `SELECT migration_name AS name, checksum, finished_at IS NOT NULL AS finished FROM _prisma_migrations WHERE rolled_back_at IS NULL`,
  row: v.strictObject({ name: v.string(), checksum: v.string(), finished: v.boolean() }),
};

/**
 * Whether the database has applied every migration of `list`, each with the text it has now (the
 * checksum Prisma records is the sha256 of migration.sql), and none is left half done: then the
 * engine would apply nothing, and starting it (loading its WebAssembly, introspecting) is most
 * of a CLI command's time. A database without Prisma's table is not up to date.
 */
async function upToDate(database: Database, list: MigrationList): Promise<boolean> {
  const client = new pg.Client({ connectionString: database.connectionString });
  await client.connect();
  try {
    const found = await client.query<Record<string, unknown>>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`);
    if (found.rows[0]?.present !== true) return false;
    const applied = decodeRows(appliedMigrations, (await client.query<Record<string, unknown>>(appliedMigrations.text)).rows);
    if (applied.some((migration) => !migration.finished)) return false;
    const checksums = new Map(applied.map((migration) => [migration.name, migration.checksum]));
    return list.migrationDirectories.every(
      ({ path: name, migrationFile }) =>
        migrationFile.content.tag === "ok" && checksums.get(name) === createHash("sha256").update(migrationFile.content.value).digest("hex"),
    );
  } finally {
    await client.end();
  }
}

/** Applies the committed migrations (those of `dir`: tests stop at an earlier one) the database has not seen yet; returns their names. */
export async function applyPendingMigrations(database: Database, dir = migrationsDir): Promise<string[]> {
  const migrationsList = await readMigrationList(dir);
  if (await upToDate(database, migrationsList)) return [];
  const schema = await readSchemaFile(prismaSchemaPath);
  const result = await withSchemaEngine(database, schema, (engine) =>
    engine.applyMigrations({ migrationsList, filters: noFilters }),
  );
  return result.appliedMigrationNames;
}

/**
 * The SQL that takes a database from the schema of the last migration to the schema file now.
 * Empty when nobody changed the schema without writing a migration. Needs no live database
 * (both sides are schema texts), but the engine still wants a connection to start.
 */
export async function pendingSchemaChangeSql(database: Database): Promise<string> {
  const [current, snapshot] = await Promise.all([
    readSchemaFile(prismaSchemaPath),
    readSchemaFile(migratedSchemaSnapshotPath).catch(() => undefined),
  ]);
  const result = await withSchemaEngine(database, current, (engine) =>
    engine.diff({
      from: snapshot ? { tag: "schemaDatamodel", files: [snapshot] } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [current] },
      script: true,
      exitCode: null,
      filters: noFilters,
    }),
  );
  const sql = result.stdout ?? "";
  return sql.includes("This is an empty migration.") ? "" : sql;
}

/** `YYYYMMDDHHMMSS`, the prefix Prisma gives migration folders, so they sort by creation time. */
function migrationTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

export class InvalidMigrationNameError extends Error {}

/**
 * Writes `prisma/migrations/<timestamp>_<name>/migration.sql` for the change from the last
 * migration's schema to the current schema file, then moves the snapshot forward.
 * Returns the folder written, or undefined when there is nothing to migrate.
 */
export async function authorMigration(database: Database, name: string, now = new Date()): Promise<string | undefined> {
  if (!/^[a-z0-9_]+$/.test(name)) {
    throw new InvalidMigrationNameError(`Migration name must be snake_case letters, digits and underscores, got "${name}".`);
  }
  const sql = await pendingSchemaChangeSql(database);
  if (sql === "") return undefined;
  const folder = path.join(migrationsDir, `${migrationTimestamp(now)}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, "migration.sql"), sql);
  await writeFile(
    path.join(migrationsDir, lockfileName),
    '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
  );
  await writeFile(migratedSchemaSnapshotPath, await readFile(prismaSchemaPath, "utf8"));
  return folder;
}
