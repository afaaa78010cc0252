import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations } from "../../packages/server/src/db/migrations.js";
import { createPrismaClient } from "../../packages/server/src/db/prisma.js";
import { seedDemo } from "../../packages/server/src/demo/index.js";
import { loadAllData } from "../../packages/server/src/import/load-data.js";
import { silentProgress } from "../../packages/server/src/progress.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "../../packages/server/test/support/fresh-database.js";
import { sharedDatabase } from "../../packages/server/test/support/shared-database.js";
import { coldWrites, writtenKabupaten } from "../src/scenarios/cold-writes.js";
import { coverageCountryAfterWritesScenario, coverageCountryScenario } from "../src/scenarios/coverage-country.js";
import { coverageKabupatenAfterWritesScenario } from "../src/scenarios/coverage-kabupaten.js";
import { exportCountryAfterWritesScenario } from "../src/scenarios/export-country.js";
import { deepTreeScenario } from "../src/scenarios/deep-tree.js";
import { lookupRegions, lookupScenario } from "../src/scenarios/lookup.js";
import { firstProvinceCode, pageWalkScenario } from "../src/scenarios/page-walk.js";
import { setUpWrites, writeScenario } from "../src/scenarios/write.js";
import type { Scenario } from "../src/scenarios/scenario.js";
import { poolSqlClient, type PoolSqlClient } from "../src/systems/sql-client.js";
import { ourApi, type OurApi } from "./support/our-api.js";
import { sqlDriver } from "./support/scenario-drivers.js";

/**
 * Every scenario of the benchmark asks our server and the hand-written SQL for the same data, in
 * equivalent shapes: here both answer on the engine under test and must agree exactly (the bench
 * checks the same again on its own database before it measures). The tree scenarios read the
 * shared database; coverage and writes need a cascade, so they get a database of their own with
 * the program-scale demo.
 */

describe(`the tree scenarios: our GraphQL and the SQL agree on ${testEngine}`, () => {
  const shared = sharedDatabase();
  const db = new pg.Pool({ connectionString: shared.connectionString, max: 1 });
  const sql = poolSqlClient(shared.connectionString, shared.maxPoolSize);
  const ours = ourApi();
  afterAll(async () => {
    await ours.close();
    await sql.end();
    await db.end();
  });

  it("deep-tree: stage 3's provinces, 10 × 10 × 10 below each, with total counts", async () => {
    const scenario = deepTreeScenario(10);
    const expected = await sqlDriver(scenario, sql).answer();
    const provinces = expected.stage?.provinces ?? [];
    const villages = provinces.flatMap((p) => p.province.kabupatens.nodes.flatMap((k) => k.kecamatans.nodes.flatMap((c) => c.villages.nodes)));
    // Not two empty answers agreeing: every stage-3 province's tree, over a thousand villages.
    expect(provinces.length).toBeGreaterThan(0);
    expect(villages.length).toBeGreaterThan(1000);
    expect(await scenario.ours(ours).answer()).toEqual(expected);
  });

  it("page-walk: every village of the first province, 100 per page", async () => {
    const scenario = pageWalkScenario(await firstProvinceCode(db));
    const expected = await sqlDriver(scenario, sql).answer();
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM village WHERE code LIKE $1", [`${expected.provinceCode}.%`]);
    expect(expected.villages).toHaveLength(rows[0]?.n ?? -1);
    expect(expected.pages).toBe(Math.ceil((expected.villages.length + 1) / 100));
    expect(await scenario.ours(ours).answer()).toEqual(expected);
  });

  it("lookup: 50 regions of all four levels by code", async () => {
    const regions = await lookupRegions(db);
    const scenario = lookupScenario(regions);
    const expected = await sqlDriver(scenario, sql).answer();
    expect(expected.map((found) => found.code)).toEqual(regions.map((region) => region.code));
    expect(new Set(expected.map((found) => found.level))).toEqual(new Set(["PROVINCE", "KABUPATEN", "KECAMATAN", "VILLAGE"]));
    expect(await scenario.ours(ours).answer()).toEqual(expected);
  });
});

describe(`the cascade scenarios: our GraphQL and the SQL agree on ${testEngine}`, () => {
  let fresh: FreshDatabase;
  let db: pg.Pool;
  let sql: PoolSqlClient;
  let ours: OurApi;

  beforeAll(async () => {
    fresh = await createFreshDatabase();
    const prisma = createPrismaClient(fresh.database);
    await applyPendingMigrations(fresh.database);
    await loadAllData(prisma, silentProgress);
    await seedDemo(prisma, { scale: "program", seed: 1, replace: false }, silentProgress);
    ours = ourApi(prisma);
    db = new pg.Pool({ connectionString: fresh.database.connectionString, max: 1 });
    sql = poolSqlClient(fresh.database.connectionString, fresh.database.maxPoolSize);
  });
  afterAll(async () => {
    await ours?.close();
    await sql?.end();
    await db?.end();
    await fresh?.destroy();
  });

  it("coverage-country: the country and its province rows, every count", async () => {
    for (const cache of ["cold", "warm"] as const) {
      const scenario = coverageCountryScenario(cache);
      const expected = await sqlDriver(scenario, sql).answer();
      const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM province");
      expect(expected.coverage.children).toHaveLength(rows[0]?.n ?? -1);
      // The demo cascade is there: the counts are not all zero.
      expect(expected.coverage.totParticipants).toBeGreaterThan(0);
      expect(expected.coverage.villagesReached).toBeGreaterThan(0);
      expect(expected.coverage.kabupatenMeetingTrainerTarget).toBeGreaterThan(0);
      expect(await scenario.ours(ours).answer()).toEqual(expected);
    }
  });

  it("the scaled scenarios (country, kabupaten 73.71, CSV export; each after a write): ours and the SQL agree before and after writes", async () => {
    const writes = await coldWrites(db);
    const country = coverageCountryAfterWritesScenario("coverage-country-x1", 1, writes);
    const kabupaten = coverageKabupatenAfterWritesScenario("coverage-kabupaten-x1", writtenKabupaten, 1, writes);
    const table = exportCountryAfterWritesScenario("export-country-x1", 1, writes);
    const version = async () => (await db.query<{ version: string }>("SELECT version::text FROM data_version WHERE id = 1")).rows[0]?.version;
    for (const scenario of [country, kabupaten, table] as Scenario<unknown>[]) {
      const expected = await sqlDriver(scenario, sql).answer();
      expect(await scenario.ours(ours).answer()).toEqual(expected);
      // Each write moves the data version (so our report cache misses), and changes no count.
      const before = await version();
      await sqlDriver(scenario, sql).beforeEach?.();
      expect(await version()).not.toBe(before);
      expect(await scenario.ours(ours).answer()).toEqual(await sqlDriver(scenario, sql).answer());
    }
    // Not empty answers agreeing: the kabupaten has its kecamatan rows and reaches villages; the export a row per province.
    const { rows } = await db.query<{ provinces: number; kecamatans: number }>(
      "SELECT (SELECT count(*) FROM province)::int AS provinces, (SELECT count(*) FROM kecamatan WHERE kabupaten_code = $1)::int AS kecamatans",
      [writtenKabupaten],
    );
    const kabupatenAnswer = await sqlDriver(kabupaten, sql).answer();
    expect(kabupatenAnswer.coverage).toMatchObject({ level: "KABUPATEN", regionCode: writtenKabupaten });
    expect(kabupatenAnswer.coverage.children).toHaveLength(rows[0]?.kecamatans ?? -1);
    expect(kabupatenAnswer.coverage.villagesReached).toBeGreaterThan(0);
    expect(await sqlDriver(table, sql).answer()).toHaveLength(rows[0]?.provinces ?? -1);
    expect((await sqlDriver(country, sql).answer()).coverage.totParticipants).toBeGreaterThan(0);
  });

  it("write: enroll-and-score answers the same enrollment, and both writes land and are cleaned up", async () => {
    const setup = await setUpWrites(db, 2);
    const scenario = writeScenario(db, setup);
    const expected = await sqlDriver(scenario, sql).answer();
    expect(expected).toMatchObject({ role: "PARTICIPANT", completed: false });
    expect(await scenario.ours(ours).answer()).toEqual(expected);
    const stored = await db.query<{ person_id: string; pre_test_score: number; post_test_score: number }>(
      "SELECT person_id::text, pre_test_score, post_test_score FROM enrollment WHERE training_id = $1::uuid ORDER BY person_id",
      [setup.trainingId],
    );
    expect(stored.rows).toEqual(
      [...setup.personIds].sort().map((personId) => ({ person_id: personId, pre_test_score: expected.preTestScore, post_test_score: expected.postTestScore })),
    );
    await scenario.cleanup?.();
    const left = await db.query("SELECT 1 FROM person WHERE id = ANY($1::uuid[]) UNION ALL SELECT 1 FROM training WHERE id = $2::uuid", [
      setup.personIds,
      setup.trainingId,
    ]);
    expect(left.rows).toEqual([]);
  });
});
