import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reachOf, type Reach } from "../src/cascade/reach.js";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { DemoConflictError, seedDemo, type DemoResult } from "../src/demo/index.js";
import { planDemo } from "../src/demo/plan.js";
import type { DemoPlan } from "../src/demo/rows.js";
import { readDemoTree, type DemoTree } from "../src/demo/tree.js";
import { loadAllData } from "../src/import/load-data.js";
import { silentProgress } from "../src/progress.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";
import { createTestApi, type TestApi } from "./support/graphql-api.js";
import { openPersonal } from "../src/personal-data/personal-fields.js";

/**
 * The demo dataset, loaded at `program` scale into a database of its own (never the shared test
 * database), then checked against the program's rules with SQL written here, independently of
 * the code that generated it.
 */
const seed = 20240628;

let fresh: FreshDatabase;
let prisma: PrismaClient;
let api: TestApi;
let tree: DemoTree;
let first: DemoResult;
/** What planDemo gives for the seed loaded, and for the next seed. */
let plan: DemoPlan;
let nextPlan: DemoPlan;

const rows = <Row>(sql: string, ...values: unknown[]) => prisma.$queryRawUnsafe<Row[]>(sql, ...values);
async function one<Row>(sql: string, ...values: unknown[]): Promise<Row> {
  const [row] = await rows<Row>(sql, ...values);
  if (!row) throw new Error(`No row from: ${sql}`);
  return row;
}

/** Every person's id and NIK, decrypted as the API does. */
async function storedNiks(): Promise<{ ids: string[]; niks: (string | null)[] }> {
  const people = await rows<{ id: string; nik: string | null }>(`SELECT id::text, nik FROM person ORDER BY id`);
  return { ids: people.map((person) => person.id), niks: people.map((person) => openPersonal("nik", person.nik)) };
}

/** Deep equality of plain data, as one comparison: toEqual over 60,000 rows takes seconds. */
const fingerprint = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

/** A fingerprint of every row the demo touches, timestamps included. */
const checksum = () =>
  one<{ trainings: string; people: string; enrollments: string; modules: string; imports: string }>(`
    SELECT
      (SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM training t) AS trainings,
      (SELECT md5(string_agg(p::text, '|' ORDER BY p.id)) FROM person p) AS people,
      (SELECT md5(string_agg(e::text, '|' ORDER BY e.id)) FROM enrollment e) AS enrollments,
      (SELECT md5(string_agg(m::text, '|' ORDER BY m.training_id, m.module_number)) FROM training_module m) AS modules,
      (SELECT md5(string_agg(d::text, '|' ORDER BY d.name)) FROM dataset_import d) AS imports`);

beforeAll(async () => {
  fresh = await createFreshDatabase();
  prisma = createPrismaClient(fresh.database);
  await applyPendingMigrations(fresh.database);
  await loadAllData(prisma, silentProgress);
  first = await seedDemo(prisma, { scale: "program", seed, replace: false }, silentProgress);
  tree = await readDemoTree(prisma);
  plan = planDemo(tree, { scale: "program", seed });
  nextPlan = planDemo(tree, { scale: "program", seed: seed + 1 });
  api = createTestApi(prisma);
});

afterAll(async () => {
  await api?.close();
  await fresh?.destroy();
});

describe(`seed-demo --scale program on ${testEngine}`, () => {
  it("holds one ToT of 120 participants in each of the 10 stage provinces, each with a stage", async () => {
    expect(first.loaded).toBe(true);
    const tots = await rows<{ province: string; stage: number | null; participants: number; days: number; modules: number }>(`
      SELECT t.province_code AS province, t.stage_number AS stage,
        (SELECT count(*) FROM enrollment e WHERE e.training_id = t.id AND e.role = 'PARTICIPANT')::int AS participants,
        (t.ends_on - t.starts_on + 1) AS days,
        (SELECT count(*) FROM training_module m WHERE m.training_id = t.id)::int AS modules
      FROM training t WHERE t.level = 'PROVINCIAL_TOT' ORDER BY t.province_code`);
    const stageProvinces = await rows<{ province: string; stage: number }>(
      `SELECT province_code AS province, stage_number AS stage FROM stage_province ORDER BY province_code`,
    );
    expect(stageProvinces).toHaveLength(10);
    expect(tots).toEqual(stageProvinces.map((row) => ({ ...row, participants: 120, days: 5, modules: 8 })));
    const stagePeriods = await rows<{ stage: number; period: string }>(`
      SELECT stage_number AS stage, string_agg(DISTINCT to_char(starts_on, 'YYYY-MM-DD') || '..' || to_char(ends_on, 'YYYY-MM-DD'), ',') AS period
      FROM training WHERE level = 'PROVINCIAL_TOT' GROUP BY stage_number ORDER BY stage_number`);
    // One week per stage, as each stage ran at once in its provinces; stage 1 is "March 2024".
    expect(stagePeriods.map((row) => row.stage)).toEqual([1, 2, 3]);
    expect(stagePeriods[0]?.period).toMatch(/^2024-03-\d\d\.\.2024-03-\d\d$/);
    expect(stagePeriods.slice(1).map((row) => row.period)).toEqual(["2024-06-18..2024-06-22", "2024-06-28..2024-07-02"]);
  });

  it("spreads ToT participants over the five kabupaten institutions and every kabupaten of the province", async () => {
    const institutions = await rows<{ institution: string }>(`
      SELECT DISTINCT p.institution::text AS institution FROM enrollment e
      JOIN training t ON t.id = e.training_id AND t.level = 'PROVINCIAL_TOT' JOIN person p ON p.id = e.person_id ORDER BY 1`);
    expect(institutions.map((row) => row.institution)).toEqual(["BAPPEDA", "DISDUKCAPIL", "DPMD", "INSPEKTORAT", "SETDA_PEMERINTAHAN"]);
    const thin = await one<{ count: number }>(`
      SELECT count(*)::int AS count FROM kabupaten k
      LEFT JOIN (
        SELECT p.home_kabupaten_code AS code, count(*) AS participants FROM enrollment e
        JOIN training t ON t.id = e.training_id AND t.level = 'PROVINCIAL_TOT' JOIN person p ON p.id = e.person_id GROUP BY 1
      ) tot ON tot.code = k.code
      WHERE k.province_code IN (SELECT province_code FROM stage_province) AND coalesce(tot.participants, 0) < 2`);
    expect(thin.count).toBe(0);
  });

  it("gives every kabupaten of the 10 provinces a certified trainer and exactly one kecamatan training", async () => {
    const kabupatens = await rows<{ code: string; trainings: number; certified: number }>(`
      SELECT k.code, coalesce(kt.trainings, 0)::int AS trainings, coalesce(ct.certified, 0)::int AS certified
      FROM kabupaten k
      LEFT JOIN (SELECT kabupaten_code, count(*) AS trainings FROM training WHERE level = 'KECAMATAN_TRAINING' GROUP BY 1) kt
        ON kt.kabupaten_code = k.code
      LEFT JOIN (
        SELECT p.home_kabupaten_code, count(DISTINCT e.person_id) AS certified FROM enrollment e
        JOIN training t ON t.id = e.training_id AND t.level = 'PROVINCIAL_TOT' JOIN person p ON p.id = e.person_id
        WHERE e.certified_trainer GROUP BY 1
      ) ct ON ct.home_kabupaten_code = k.code
      WHERE k.province_code IN (SELECT province_code FROM stage_province)`);
    const stageProvinces = new Set(tree.stageProvinces.map((row) => row.provinceCode));
    expect(kabupatens.length).toBe(tree.kabupatens.filter((k) => stageProvinces.has(k.provinceCode)).length);
    expect(kabupatens.filter((k) => k.trainings !== 1)).toEqual([]);
    expect(kabupatens.filter((k) => k.certified < 1)).toEqual([]);
  });

  it("has every kecamatan send one apparatus and one facilitator to its kabupaten's training", async () => {
    const wrong = await one<{ count: number }>(`
      SELECT count(*)::int AS count FROM kecamatan c JOIN kabupaten k ON k.code = c.kabupaten_code
      WHERE k.province_code IN (SELECT province_code FROM stage_province)
        AND (SELECT array_agg(p.institution::text ORDER BY p.institution::text) FROM enrollment e
             JOIN training t ON t.id = e.training_id AND t.level = 'KECAMATAN_TRAINING' AND t.kabupaten_code = k.code
             JOIN person p ON p.id = e.person_id AND p.home_kecamatan_code = c.code
             WHERE e.role = 'PARTICIPANT') IS DISTINCT FROM ARRAY['FASILITATOR_KECAMATAN', 'KECAMATAN']`);
    expect(wrong.count).toBe(0);
  });

  it("only lets people teach whom the cascade's trainer rules allow", async () => {
    const trainers = await rows<{ level: string; trainers: number; violations: number }>(`
      SELECT t.level::text AS level, count(*)::int AS trainers,
        count(*) FILTER (WHERE NOT CASE t.level
          WHEN 'KECAMATAN_TRAINING' THEN p.home_kabupaten_code = t.kabupaten_code AND EXISTS (
            SELECT 1 FROM enrollment c JOIN training ct ON ct.id = c.training_id
            WHERE c.person_id = p.id AND c.certified_trainer AND ct.level = 'PROVINCIAL_TOT')
          WHEN 'VILLAGE_SESSION' THEN p.home_kecamatan_code = t.kecamatan_code AND EXISTS (
            SELECT 1 FROM enrollment c JOIN training ct ON ct.id = c.training_id
            WHERE c.person_id = p.id AND c.completed AND ct.level = 'KECAMATAN_TRAINING' AND ct.kabupaten_code = t.kabupaten_code)
          ELSE false END)::int AS violations
      FROM enrollment e JOIN training t ON t.id = e.training_id JOIN person p ON p.id = e.person_id
      WHERE e.role = 'TRAINER' GROUP BY t.level ORDER BY t.level`);
    expect(trainers.map(({ level, violations }) => ({ level, violations }))).toEqual([
      { level: "KECAMATAN_TRAINING", violations: 0 },
      { level: "VILLAGE_SESSION", violations: 0 },
    ]);
    const perTraining = await one<{ min: number; max: number }>(`
      SELECT min(n)::int AS min, max(n)::int AS max FROM (
        SELECT count(*) FILTER (WHERE e.role = 'TRAINER') AS n FROM training t JOIN enrollment e ON e.training_id = t.id
        WHERE t.level = 'KECAMATAN_TRAINING' GROUP BY t.id) x`);
    expect(perTraining).toEqual({ min: 1, max: 2 });
  });

  it("sets completed and certifiedTrainer exactly as the completion rule says, with a share failing", async () => {
    const mismatches = await one<{ count: number }>(`
      SELECT count(*)::int AS count FROM enrollment e JOIN training t ON t.id = e.training_id
      WHERE (e.completed, e.certified_trainer) IS DISTINCT FROM (
        e.role = 'PARTICIPANT' AND e.days_attended >= t.ends_on - t.starts_on + 1 AND coalesce(e.post_test_score >= t.pass_threshold, false),
        e.role = 'PARTICIPANT' AND e.days_attended >= t.ends_on - t.starts_on + 1 AND coalesce(e.post_test_score >= t.pass_threshold, false)
          AND t.level = 'PROVINCIAL_TOT')`);
    expect(mismatches.count).toBe(0);
    const shares = await rows<{ level: string; completed: number; status: string }>(`
      SELECT t.level::text AS level, avg(e.completed::int)::float AS completed, string_agg(DISTINCT t.status::text, ',') AS status
      FROM enrollment e JOIN training t ON t.id = e.training_id WHERE e.role = 'PARTICIPANT' GROUP BY t.level ORDER BY t.level`);
    for (const share of shares) {
      expect(share.status).toBe("COMPLETED");
      expect(share.completed).toBeGreaterThan(0.6);
      expect(share.completed).toBeLessThan(0.9);
    }
    const scores = await one<{ pre_min: number; pre_max: number; post_min: number; post_max: number }>(`
      SELECT min(pre_test_score) AS pre_min, max(pre_test_score) AS pre_max, min(post_test_score) AS post_min, max(post_test_score) AS post_max
      FROM enrollment WHERE role = 'PARTICIPANT'`);
    expect(scores).toEqual({ pre_min: 40, pre_max: 70, post_min: 55, post_max: 95 });
  });

  it("gives everyone a unique NIK opening with their home kecamatan and a valid birth date", async () => {
    // The NIKs are stored encrypted: decrypted here, then checked in SQL beside each person's home.
    const { ids, niks } = await storedNiks();
    const bad = await rows<{ id: string; nik: string }>(`
      WITH p AS (SELECT person.id, person.gender, person.home_kecamatan_code, person.home_kabupaten_code, d.nik
                   FROM person LEFT JOIN unnest($1::uuid[], $2::text[]) AS d(id, nik) ON d.id = person.id)
      SELECT p.id::text, p.nik FROM p
      WHERE p.nik IS NULL
        OR (p.home_kecamatan_code IS NOT NULL AND left(p.nik, 6) <> replace(p.home_kecamatan_code, '.', ''))
        -- a kabupaten official's NIK opens with a kecamatan of their kabupaten
        OR (p.home_kecamatan_code IS NULL AND NOT EXISTS (
              SELECT 1 FROM kecamatan c WHERE c.kabupaten_code = p.home_kabupaten_code AND replace(c.code, '.', '') = left(p.nik, 6)))
        OR (substr(p.nik, 7, 2)::int - CASE p.gender WHEN 'FEMALE' THEN 40 ELSE 0 END) NOT BETWEEN 1 AND 31
        OR substr(p.nik, 9, 2)::int NOT BETWEEN 1 AND 12
        OR (p.gender = 'FEMALE') <> (substr(p.nik, 7, 2)::int > 40)`, ids, niks);
    expect(bad).toEqual([]);
    const unique = await one<{ people: number; hashes: number }>(`SELECT count(*)::int AS people, count(DISTINCT nik_hash)::int AS hashes FROM person`);
    expect(new Set(niks).size).toBe(unique.people);
    expect(unique.hashes).toBe(unique.people);
  });

  it("reaches about half of the villages of the 10 provinces (40–60%), one official per reached village", async () => {
    const reach = await one<{ reached: number; officials: number; villages: number }>(`
      SELECT
        (SELECT count(DISTINCT p.home_village_code) FROM enrollment e JOIN training t ON t.id = e.training_id AND t.level = 'VILLAGE_SESSION'
           JOIN person p ON p.id = e.person_id WHERE e.role = 'PARTICIPANT' AND p.institution = 'DESA')::int AS reached,
        (SELECT count(*) FROM enrollment e JOIN training t ON t.id = e.training_id AND t.level = 'VILLAGE_SESSION' WHERE e.role = 'PARTICIPANT')::int AS officials,
        (SELECT count(*) FROM village v WHERE left(v.code, 2) IN (SELECT province_code FROM stage_province))::int AS villages`);
    expect(reach.officials).toBe(reach.reached);
    expect(reach.reached / reach.villages).toBeGreaterThan(0.4);
    expect(reach.reached / reach.villages).toBeLessThan(0.6);
    expect(first.counts.villagesReached).toBe(reach.reached);
  });

  it("loads exactly what planDemo plans, and plans the same rows for the same seed", async () => {
    expect(fingerprint(planDemo(tree, { scale: "program", seed }))).toBe(fingerprint(plan));
    expect(nextPlan.people[0]?.id).not.toBe(plan.people[0]?.id);
    expect(fingerprint(nextPlan)).not.toBe(fingerprint(plan));
    // NIKs already in the database are skipped, and nothing else moves.
    const firstNik = plan.people[0]?.nik ?? "";
    const around = planDemo(tree, { scale: "program", seed, takenNiks: [firstNik] });
    expect(around.people[0]?.nik).toBe(`${firstNik.slice(0, 12)}0002`);
    expect(fingerprint(around.people.slice(1))).toBe(fingerprint(plan.people.slice(1)));
    const { ids, niks } = await storedNiks();
    const storedPeople = ids.map((id, i) => `${id}${niks[i]}`).sort();
    expect(fingerprint(storedPeople)).toBe(fingerprint(plan.people.map((person) => `${person.id}${person.nik}`).sort()));
    const stored = await one<{ enrollments: string }>(`SELECT md5(string_agg(id::text, ',' ORDER BY id)) AS enrollments FROM enrollment`);
    const planned = await one<{ enrollments: string }>(
      `SELECT md5(string_agg(x, ',' ORDER BY x)) AS enrollments FROM unnest($1::text[]) x`,
      plan.enrollments.map((enrollment) => enrollment.id),
    );
    expect(stored).toEqual(planned);
    expect(first.counts).toMatchObject({ people: plan.people.length, enrollments: plan.enrollments.length });
  });

  it("changes nothing when run again with the same seed", async () => {
    const before = await checksum();
    const again = await seedDemo(prisma, { scale: "program", seed, replace: false }, silentProgress);
    expect(again.loaded).toBe(false);
    expect(again.counts).toEqual(first.counts);
    expect(await checksum()).toEqual(before);
  });

  it("refuses a different seed without --replace, clearly and without writing", async () => {
    const before = await checksum();
    const refused = seedDemo(prisma, { scale: "program", seed: seed + 1, replace: false }, silentProgress);
    await expect(refused).rejects.toThrow(DemoConflictError);
    await expect(refused).rejects.toThrow(`another demo dataset (program-${seed}); nothing was changed. Pass --replace`);
    expect(await checksum()).toEqual(before);
  });
});

describe("reach and certifiedTrainers on the demo dataset", () => {
  // Written apart from reach.ts: per trainer, a lateral subquery over plain IN lists.
  const independentReachSql = `
    SELECT p.id::text AS "personId", r.*
    FROM person p CROSS JOIN LATERAL (
      WITH taught AS (
        SELECT t.id FROM training t WHERE t.level = 'KECAMATAN_TRAINING' AND t.status <> 'CANCELLED'
          AND t.id IN (SELECT e.training_id FROM enrollment e WHERE e.person_id = p.id AND e.role = 'TRAINER')),
      graduates AS (
        SELECT e.person_id FROM enrollment e WHERE e.training_id IN (SELECT id FROM taught) AND e.role = 'PARTICIPANT' AND e.completed),
      led AS (
        SELECT t.id FROM training t WHERE t.level = 'VILLAGE_SESSION' AND t.status <> 'CANCELLED'
          AND t.id IN (SELECT e.training_id FROM enrollment e WHERE e.role = 'TRAINER' AND e.person_id IN (SELECT person_id FROM graduates)))
      SELECT
        (SELECT count(*) FROM taught)::int AS "trainingsFacilitated",
        (SELECT count(*) FROM (
           SELECT e.person_id FROM enrollment e WHERE e.role = 'PARTICIPANT' AND e.training_id IN (SELECT id FROM taught)
           UNION SELECT e.person_id FROM enrollment e WHERE e.role = 'PARTICIPANT' AND e.training_id IN (SELECT id FROM led)) x)::int AS "peopleTrained",
        (SELECT count(DISTINCT q.home_kecamatan_code) FROM person q WHERE q.id IN (SELECT person_id FROM graduates))::int AS "kecamatanCovered",
        (SELECT count(DISTINCT q.home_village_code) FROM person q JOIN enrollment e ON e.person_id = q.id
         WHERE e.role = 'PARTICIPANT' AND e.training_id IN (SELECT id FROM led))::int AS "villagesReached"
    ) r
    WHERE p.id = ANY($1::uuid[]) ORDER BY p.id`;

  it("Person.reach equals an independent SQL count for a sample of 20 certified trainers", async () => {
    // 15 who taught a kecamatan training and 5 who did not, spread by a hash of their ids.
    const sample = await rows<{ id: string }>(`
      (SELECT id::text FROM (SELECT DISTINCT e.person_id AS id FROM enrollment e WHERE e.certified_trainer) c
       WHERE EXISTS (SELECT 1 FROM enrollment t WHERE t.person_id = c.id AND t.role = 'TRAINER') ORDER BY md5(id::text) LIMIT 15)
      UNION ALL
      (SELECT id::text FROM (SELECT DISTINCT e.person_id AS id FROM enrollment e WHERE e.certified_trainer) c
       WHERE NOT EXISTS (SELECT 1 FROM enrollment t WHERE t.person_id = c.id AND t.role = 'TRAINER') ORDER BY md5(id::text) LIMIT 5)`);
    const ids = sample.map((row) => row.id);
    expect(ids).toHaveLength(20);
    const expected = await rows<Reach & { personId: string }>(independentReachSql, ids);
    const reach = await reachOf(prisma, ids);
    expect(expected.map(({ personId, ...counts }) => [personId, counts])).toEqual(
      [...ids].sort().map((id) => [id, reach.get(id)]),
    );
    // The sample is not trivial: trainers with graduates who went on to reach villages.
    expect(expected.filter((row) => row.villagesReached > 0).length).toBeGreaterThan(5);
    expect(expected.filter((row) => row.trainingsFacilitated === 0)).toHaveLength(5);
  });

  it("Region.certifiedTrainers totals equal an independent SQL count at a province, a kabupaten and a kecamatan", async () => {
    const response = await api.query<Record<string, { certifiedTrainers: { totalCount: number } }>>(`{
      province: region(code: "73") { certifiedTrainers { totalCount } }
      kabupaten: region(code: "73.71") { certifiedTrainers { totalCount } }
      kecamatan: region(code: "73.71.01") { certifiedTrainers { totalCount } }
    }`);
    expect(response.errors).toBeUndefined();
    // By the home's deepest code under the region's code, and by completion of a ToT.
    const expected = await one<{ province: number; kabupaten: number; kecamatan: number }>(`
      WITH certified AS (
        SELECT DISTINCT coalesce(p.home_village_code, p.home_kecamatan_code, p.home_kabupaten_code, p.home_province_code) AS home, p.id
        FROM person p JOIN enrollment e ON e.person_id = p.id JOIN training t ON t.id = e.training_id
        WHERE t.level = 'PROVINCIAL_TOT' AND e.role = 'PARTICIPANT' AND e.completed)
      SELECT
        count(*) FILTER (WHERE home = '73' OR home LIKE '73.%')::int AS province,
        count(*) FILTER (WHERE home = '73.71' OR home LIKE '73.71.%')::int AS kabupaten,
        count(*) FILTER (WHERE home = '73.71.01' OR home LIKE '73.71.01.%')::int AS kecamatan
      FROM certified`);
    expect({
      province: response.data?.province?.certifiedTrainers.totalCount,
      kabupaten: response.data?.kabupaten?.certifiedTrainers.totalCount,
      kecamatan: response.data?.kecamatan?.certifiedTrainers.totalCount,
    }).toEqual(expected);
    expect(expected.province).toBeGreaterThan(expected.kabupaten);
    expect(expected.kabupaten).toBeGreaterThan(0);
  });
});

describe("seed-demo --replace", () => {
  // Deleting a demo's 31,000 enrolments and loading the next, through the summary triggers, takes
  // over a minute on 2 busy cores.
  it("swaps one demo for another in one go, leaving real rows alone", { timeout: 240_000 }, async () => {
    // A real training and a real person in the same database must survive the swap.
    const real = await prisma.training.create({ data: { level: "PROVINCIAL_TOT", provinceCode: "73", title: "ToT Sulawesi Selatan (real)" } });
    const person = await prisma.person.create({ data: { fullName: "Real Person", institution: "BAPPEDA", homeProvinceCode: "73", homeKabupatenCode: "73.71" } });
    await prisma.enrollment.create({ data: { trainingId: real.id, personId: person.id, role: "PARTICIPANT" } });

    const replaced = await seedDemo(prisma, { scale: "program", seed: seed + 1, replace: true }, silentProgress);

    expect(replaced).toMatchObject({ loaded: true, version: `program-${seed + 1}` });
    expect(replaced.counts).toMatchObject({ people: nextPlan.people.length, enrollments: nextPlan.enrollments.length, provincialTots: 10 });
    expect(await prisma.datasetImport.findUnique({ where: { name: "demo" } })).toMatchObject({ version: `program-${seed + 1}` });
    const left = await one<{ old: number; real: number; people: number }>(
      `SELECT (SELECT count(*) FROM person WHERE id = ANY($1::uuid[]))::int AS old,
              (SELECT count(*) FROM enrollment WHERE training_id = $2::uuid AND person_id = $3::uuid)::int AS real,
              (SELECT count(*) FROM person)::int AS people`,
      plan.people.map((row) => row.id),
      real.id,
      person.id,
    );
    expect(left).toEqual({ old: 0, real: 1, people: nextPlan.people.length + 1 });
  });
});
