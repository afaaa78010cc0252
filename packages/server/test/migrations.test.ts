import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations, authorMigration, InvalidMigrationNameError, pendingSchemaChangeSql } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { migrationsDir } from "../src/paths.js";
import { createFreshDatabase, type FreshDatabase } from "./support/fresh-database.js";
import { sharedDatabase } from "./support/shared-database.js";

describe("migrations", () => {
  it("cover the schema file: nobody changed prisma/schema.prisma without writing a migration", async () => {
    expect(await pendingSchemaChangeSql(sharedDatabase())).toBe("");
  });

  it("authoring a migration with nothing to migrate writes nothing", async () => {
    const before = await readdir(migrationsDir);
    expect(await authorMigration(sharedDatabase(), "nothing_changed")).toBeUndefined();
    expect(await readdir(migrationsDir)).toEqual(before);
  });

  it("rejects a migration name that is not snake_case", async () => {
    await expect(authorMigration(sharedDatabase(), "Add Trainings!")).rejects.toThrow(InvalidMigrationNameError);
  });

  describe("applied to an empty database", () => {
    let fresh: FreshDatabase;
    let prisma: PrismaClient;
    let applied: string[];
    beforeAll(async () => {
      fresh = await createFreshDatabase();
      prisma = createPrismaClient(fresh.database);
      applied = await applyPendingMigrations(fresh.database);
    });
    afterAll(async () => {
      await prisma.$disconnect();
      await fresh.destroy();
    });

    it("apply every migration folder in order, then report nothing pending on a second run", async () => {
      const folders = (await readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
      expect(applied).toEqual(folders);
      expect(await applyPendingMigrations(fresh.database)).toEqual([]);
    });

    it("build exactly the database prisma/schema.prisma describes: diffing the two finds nothing", async () => {
      expect(await pendingSchemaChangeSql(fresh.database)).toBe("");
    });

    it("keep rate-limit windows in an unlogged table, so charging a request waits for no WAL flush", async () => {
      const [table] = await prisma.$queryRaw<{ persistence: string }[]>`
        SELECT relpersistence::text AS persistence FROM pg_class WHERE relname = 'rate_limit_window' AND relkind = 'r'`;
      expect(table).toEqual({ persistence: "u" });
    });

    it("leave a database that serves every model through Prisma Client", async () => {
      const counts = await Promise.all([
        prisma.province.count(),
        prisma.kabupaten.count(),
        prisma.kecamatan.count(),
        prisma.village.count(),
        prisma.stage.count(),
        prisma.stageProvince.count(),
        prisma.curriculumModule.count(),
        prisma.datasetImport.count(),
      ]);
      expect(counts).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      await prisma.province.create({ data: { code: "99", name: "Test", kabupatens: { create: { code: "99.01", name: "Kota Test", kind: "KOTA" } } } });
      expect(await prisma.kabupaten.findUnique({ where: { code: "99.01" }, include: { province: true } })).toMatchObject({
        province: { name: "Test" },
      });
    });
  });
});
