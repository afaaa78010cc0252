import type { TestProject } from "vitest/node";
import { applyPendingMigrations } from "../../src/db/migrations.js";
import { createPrismaClient } from "../../src/db/prisma.js";
import { loadAllData } from "../../src/import/load-data.js";
import { silentProgress } from "../../src/progress.js";
import { createFreshDatabase, testEngine } from "./fresh-database.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The shared, fully loaded database every test file reads. */
    testDatabase: { connectionString: string; engine: "postgresql" | "pglite"; maxPoolSize: number };
  }
}

/**
 * Once per run: one database of the engine under test, migrated and loaded with the whole tree,
 * shared by all test files (they only read it, or write what they clean up).
 */
export default async function setup(project: TestProject) {
  const fresh = await createFreshDatabase();
  const prisma = createPrismaClient(fresh.database);
  await applyPendingMigrations(fresh.database);
  await loadAllData(prisma, silentProgress);
  await prisma.$disconnect();
  const { connectionString, engine, maxPoolSize } = fresh.database;
  process.stderr.write(`Test database: ${testEngine}\n`);
  project.provide("testDatabase", { connectionString, engine, maxPoolSize });
  return () => fresh.destroy();
}
