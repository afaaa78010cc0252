import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { migrationsDir } from "../src/paths.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { seedDemo } from "../src/demo/index.js";
import { loadAllData } from "../src/import/load-data.js";
import { silentProgress } from "../src/progress.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";

/**
 * The migration that keeps module scores per home kecamatan instead of per village backfills
 * from the rows the village-level summary held: on a database seeded before it, the new rows are
 * the old ones added up per kecamatan, and equal what the summaries' rebuild computes afresh
 * from the enrolments.
 */
const migration = "20261204192644_module_summary_by_kecamatan";

let fresh: FreshDatabase;
let prisma: PrismaClient;
let before: string;

const columns = `stage_bucket, home_province_code, home_kabupaten_code, home_kecamatan_code, module_number,
  enrolments, participants, pre_test_sum::text, pre_test_count, post_test_sum::text, post_test_count, gain_sum::text, gain_count`;
const nonZero = `(enrolments, participants, pre_test_sum, pre_test_count, post_test_sum, post_test_count, gain_sum, gain_count) <> (0, 0, 0, 0, 0, 0, 0, 0)`;
const rowsNow = () => prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT ${columns} FROM coverage_module_summary WHERE ${nonZero} ORDER BY 1, 2, 3, 4, 5`);

let villageRowsAddedUp: Record<string, unknown>[];
let villageRows: number;

beforeAll(async () => {
  fresh = await createFreshDatabase();
  prisma = createPrismaClient(fresh.database);
  before = await mkdtemp(path.join(tmpdir(), "p3pd-migrations-"));
  const isLaterMigration = (source: string) => {
    const folder = path.relative(migrationsDir, source).split(path.sep)[0] ?? "";
    return /^\d{14}_/.test(folder) && folder >= migration;
  };
  await cp(migrationsDir, before, { recursive: true, filter: (source) => !isLaterMigration(source) });
  await applyPendingMigrations(fresh.database, before);
  await loadAllData(prisma, silentProgress);
  await seedDemo(prisma, { scale: "program", seed: 20240628, replace: false }, silentProgress);
  const [counted] = await prisma.$queryRawUnsafe<{ villageRows: number }[]>(
    `SELECT count(*)::int AS "villageRows" FROM coverage_module_summary WHERE home_village_code <> ''`,
  );
  villageRows = counted?.villageRows ?? 0;
  villageRowsAddedUp = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
    SELECT ${columns} FROM (
      SELECT stage_bucket, home_province_code, home_kabupaten_code, home_kecamatan_code, module_number,
        sum(enrolments)::int AS enrolments, sum(participants)::int AS participants, sum(pre_test_sum) AS pre_test_sum,
        sum(pre_test_count)::int AS pre_test_count, sum(post_test_sum) AS post_test_sum, sum(post_test_count)::int AS post_test_count,
        sum(gain_sum) AS gain_sum, sum(gain_count)::int AS gain_count
      FROM coverage_module_summary GROUP BY 1, 2, 3, 4, 5) s
    WHERE ${nonZero} ORDER BY 1, 2, 3, 4, 5`);
  await applyPendingMigrations(fresh.database);
}, 600_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await fresh?.destroy();
  if (before) await rm(before, { recursive: true, force: true });
});

describe(`the module summary by kecamatan migration on ${testEngine}`, () => {
  it("adds the village rows up per kecamatan, and keeps every score", async () => {
    // The demo's residents live in villages: the backfill had village rows to add up.
    expect(villageRows).toBeGreaterThan(100);
    expect(await rowsNow()).toEqual(villageRowsAddedUp);
  });

  it("leaves what the rebuild computes from the enrolments", async () => {
    const migrated = await rowsNow();
    await prisma.$executeRawUnsafe("SELECT coverage_summaries_rebuild()");
    const rebuilt = await rowsNow();
    expect(rebuilt.length).toBeGreaterThan(0);
    expect(migrated).toEqual(rebuilt);
  });
});
