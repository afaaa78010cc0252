import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { DemoConflictError, seedDemo, type DemoResult } from "../src/demo/index.js";
import { planDemo } from "../src/demo/plan.js";
import type { DemoPlan } from "../src/demo/rows.js";
import { readDemoTree } from "../src/demo/tree.js";
import { loadAllData } from "../src/import/load-data.js";
import { repoRoot } from "../src/paths.js";
import { envelopePattern } from "../src/personal-data/cipher.js";
import { nikHashOf, openPersonal } from "../src/personal-data/personal-fields.js";
import { silentProgress } from "../src/progress.js";
import { coverageOf, regionRows } from "../src/reports/coverage.js";
import { fullScanRows, type ScanFilter } from "./support/coverage-full-scan.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";

/**
 * `seed-demo --multiply N`: the program-scale demo twice, then three times (by --replace), in a
 * database of its own. Counts are checked against the plan of one copy with SQL written here,
 * the coverage report against the independent full scan, the personal fields as stored, and the
 * refusals of bad values through the real command line.
 */
const seed = 20240628;
const p3pd = path.join(repoRoot, "packages", "server", "bin", "p3pd-dev.js");
/** Each copy is the program demo's 31,000 enrolments through the triggers: the ×3 reload took 7 minutes on the embedded engine on 2 busy cores. */
const loadTimeoutMs = 1_200_000;

let fresh: FreshDatabase;
let prisma: PrismaClient;
let plan: DemoPlan;
let twice: DemoResult;

const rows = <Row>(sql: string, ...values: unknown[]) => prisma.$queryRawUnsafe<Row[]>(sql, ...values);
async function one<Row>(sql: string, ...values: unknown[]): Promise<Row> {
  const [row] = await rows<Row>(sql, ...values);
  if (!row) throw new Error(`No row from: ${sql}`);
  return row;
}

/** What the database holds, counted here: trainings by level, modules, people, enrolments, certified people, villages reached. */
const heldCounts = () =>
  one<Record<string, number>>(`
    SELECT
      (SELECT count(*) FROM training WHERE level = 'PROVINCIAL_TOT')::int AS tots,
      (SELECT count(*) FROM training WHERE level = 'KECAMATAN_TRAINING')::int AS "kecamatanTrainings",
      (SELECT count(*) FROM training WHERE level = 'VILLAGE_SESSION')::int AS "villageSessions",
      (SELECT count(*) FROM training_module)::int AS modules,
      (SELECT count(*) FROM person)::int AS people,
      (SELECT count(*) FROM enrollment)::int AS enrollments,
      (SELECT count(DISTINCT person_id) FROM enrollment WHERE certified_trainer)::int AS certified,
      (SELECT count(DISTINCT p.home_village_code) FROM enrollment e JOIN training t ON t.id = e.training_id JOIN person p ON p.id = e.person_id
        WHERE t.level = 'VILLAGE_SESSION' AND e.role = 'PARTICIPANT')::int AS "villagesReached"`);

/** The same counts for `times` copies of one plan: everything times N, the villages reached once. */
function countsOfPlan(times: number): Record<string, number> {
  const level = (name: string) => plan.trainings.filter((training) => training.level === name).length;
  const certified = new Set(plan.enrollments.filter((e) => e.certifiedTrainer).map((e) => e.personId));
  const sessions = new Set(plan.trainings.filter((t) => t.level === "VILLAGE_SESSION").map((t) => t.id));
  const homes = new Map(plan.people.map((person) => [person.id, person.homeVillageCode]));
  const villages = new Set(plan.enrollments.filter((e) => e.role === "PARTICIPANT" && sessions.has(e.trainingId)).map((e) => homes.get(e.personId)));
  return {
    tots: times * level("PROVINCIAL_TOT"),
    kecamatanTrainings: times * level("KECAMATAN_TRAINING"),
    villageSessions: times * level("VILLAGE_SESSION"),
    modules: times * plan.trainings.reduce((sum, training) => sum + training.moduleNumbers.length, 0),
    people: times * plan.people.length,
    enrollments: times * plan.enrollments.length,
    certified: times * certified.size,
    villagesReached: villages.size,
  };
}

/** Every row of the demo with its personal fields decrypted (their ciphertexts differ per load by design), as one hash per copy. */
async function fingerprintsByCopy(): Promise<Map<string, string>> {
  const people = await rows<{ copy: string; id: string; full_name: string; nik: string; phone: string; email: string | null; rest: string }>(`
    SELECT DISTINCT ON (p.id) coalesce(substring(t.title from '\\(copy (\\d+)\\)$'), '1') AS copy, p.id::text, p.full_name, p.nik, p.phone, p.email,
      concat_ws('|', p.gender, p.institution, p.position, p.home_village_code, p.home_kecamatan_code, p.home_kabupaten_code, p.created_at) AS rest
    FROM person p JOIN enrollment e ON e.person_id = p.id JOIN training t ON t.id = e.training_id ORDER BY p.id`);
  const other = await rows<{ copy: string; rows: string }>(`
    SELECT coalesce(substring(t.title from '\\(copy (\\d+)\\)$'), '1') AS copy,
      md5(string_agg(concat(t::text, (SELECT string_agg(e::text, ',' ORDER BY e.id) FROM enrollment e WHERE e.training_id = t.id),
        (SELECT string_agg(m.module_number::text, ',' ORDER BY m.module_number) FROM training_module m WHERE m.training_id = t.id)), '|' ORDER BY t.id)) AS rows
    FROM training t GROUP BY 1`);
  const hashes = new Map(other.map((row) => [row.copy, createHash("sha256").update(row.rows)]));
  for (const person of people) {
    const plain = [person.id, person.full_name, openPersonal("nik", person.nik), openPersonal("phone", person.phone), openPersonal("email", person.email), person.rest];
    hashes.get(person.copy)?.update(JSON.stringify(plain));
  }
  return new Map([...hashes].map(([copy, hash]) => [copy, hash.digest("hex")]));
}

/** Every indicator of the country and of each province, from the report, equals the full scan. */
async function expectCoverageEqualsTheFullScan(): Promise<void> {
  const provinces = (await rows<{ code: string }>(`SELECT code FROM province ORDER BY code`)).map((row) => row.code);
  const filters: ScanFilter[] = [{ trainerTarget: 5 }, { stage: 3, trainerTarget: 2 }];
  for (const filter of filters) {
    expect(await coverageOf(prisma, null, filter)).toEqual((await fullScanRows(prisma, 0, [""], filter))[0]);
    expect(await regionRows(prisma, "PROVINCE", provinces, filter)).toEqual(await fullScanRows(prisma, 2, provinces, filter));
  }
}

beforeAll(async () => {
  fresh = await createFreshDatabase();
  prisma = createPrismaClient(fresh.database);
  await applyPendingMigrations(fresh.database);
  await loadAllData(prisma, silentProgress);
  plan = planDemo(await readDemoTree(prisma), { scale: "program", seed });
  twice = await seedDemo(prisma, { scale: "program", seed, multiply: 2, replace: false }, silentProgress);
}, loadTimeoutMs);

afterAll(async () => {
  await fresh?.destroy();
});

describe(`seed-demo --multiply on ${testEngine}`, () => {
  it("× 2 holds twice the trainings, modules, people, enrolments and certified trainers of one demo, over the same villages", async () => {
    expect(twice).toMatchObject({ loaded: true, version: `program-${seed}-x2` });
    expect(await heldCounts()).toEqual(countsOfPlan(2));
    expect(twice.counts).toMatchObject({ people: 2 * plan.people.length, enrollments: 2 * plan.enrollments.length });
  });

  it("gives the copies' people new names and NIKs (same kecamatan and birth date), every personal field sealed and the NIK hashed", async () => {
    const people = await rows<{ id: string; full_name: string; nik: string; nik_hash: string; phone: string; email: string | null }>(
      `SELECT id::text, full_name, nik, nik_hash, phone, email FROM person`,
    );
    expect(people.filter((p) => !envelopePattern.test(p.nik) || !envelopePattern.test(p.phone) || (p.email !== null && !envelopePattern.test(p.email)))).toEqual([]);
    const niks = people.map((person) => openPersonal("nik", person.nik) ?? "");
    expect(new Set(niks).size).toBe(people.length);
    expect(people.filter((person, i) => person.nik_hash !== nikHashOf(niks[i] ?? ""))).toEqual([]);
    // Copy 2 of each planned person: the same home, birth date and gender in its NIK, another serial; mostly another name.
    const copies = await rows<{ base: string; nik: string; full_name: string; same_home: boolean }>(
      `SELECT b.id::text AS base, c.nik, c.full_name, (c.home_village_code, c.home_kecamatan_code, c.home_kabupaten_code, c.institution, c.gender)
         IS NOT DISTINCT FROM (b.home_village_code, b.home_kecamatan_code, b.home_kabupaten_code, b.institution, b.gender) AS same_home
       FROM person b JOIN person c ON c.id = md5(b.id::text || '/copy 2')::uuid WHERE b.id = ANY($1::uuid[])`,
      plan.people.map((person) => person.id),
    );
    expect(copies).toHaveLength(plan.people.length);
    const planned = new Map(plan.people.map((person) => [person.id, person]));
    const wrong = copies.filter((copy) => {
      const nik = openPersonal("nik", copy.nik) ?? "";
      const base = planned.get(copy.base)?.nik ?? "";
      return !copy.same_home || nik.slice(0, 12) !== base.slice(0, 12) || nik === base;
    });
    expect(wrong).toEqual([]);
    const renamed = copies.filter((copy) => copy.full_name !== planned.get(copy.base)?.fullName).length;
    expect(renamed / copies.length).toBeGreaterThan(0.9);
  });

  it("× 2: the coverage report of the country and every province equals the full scan", { timeout: loadTimeoutMs }, async () => {
    await expectCoverageEqualsTheFullScan();
    const country = await coverageOf(prisma, null, { trainerTarget: 5 });
    // Two copies: twice the ToT participants, the villages of one.
    const tots = new Set(plan.trainings.filter((training) => training.level === "PROVINCIAL_TOT").map((training) => training.id));
    expect(country?.totParticipants).toBe(2 * plan.enrollments.filter((e) => e.role === "PARTICIPANT" && tots.has(e.trainingId)).length);
    expect(country?.villagesReached).toBe(countsOfPlan(1).villagesReached);
  });

  it("changes nothing when run again with the same options", async () => {
    const before = await fingerprintsByCopy();
    const again = await seedDemo(prisma, { scale: "program", seed, multiply: 2, replace: false }, silentProgress);
    expect(again.loaded).toBe(false);
    expect(again.counts).toEqual(twice.counts);
    expect(await fingerprintsByCopy()).toEqual(before);
  });

  it("refuses another multiple without --replace; with it, × 3 keeps copies 1 and 2 row for row and adds a third", { timeout: loadTimeoutMs }, async () => {
    const before = await fingerprintsByCopy();
    expect([...before.keys()].sort()).toEqual(["1", "2"]);
    const refused = seedDemo(prisma, { scale: "program", seed, multiply: 3, replace: false }, silentProgress);
    await expect(refused).rejects.toThrow(DemoConflictError);
    await expect(refused).rejects.toThrow(`another demo dataset (program-${seed}-x2); nothing was changed. Pass --replace`);
    expect(await fingerprintsByCopy()).toEqual(before);

    const thrice = await seedDemo(prisma, { scale: "program", seed, multiply: 3, replace: true }, silentProgress);
    expect(thrice).toMatchObject({ loaded: true, version: `program-${seed}-x3` });
    expect(await heldCounts()).toEqual(countsOfPlan(3));
    const after = await fingerprintsByCopy();
    expect([...after.keys()].sort()).toEqual(["1", "2", "3"]);
    // Deleted and written again: the same seed and copy index give the same rows.
    expect(after.get("1")).toBe(before.get("1"));
    expect(after.get("2")).toBe(before.get("2"));
    expect(after.get("3")).not.toBe(after.get("2"));
    await expectCoverageEqualsTheFullScan();
  });

  it("the command line refuses --multiply outside 1-50 or not whole, in one line, exit code 1, writing nothing", async () => {
    const before = await fingerprintsByCopy();
    const target = { DATABASE_URL: testEngine === "postgresql" ? fresh.database.connectionString : "", P3PD_DATA_DIR: fresh.dataDir ?? "" };
    const run = (value: string) =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(process.execPath, [p3pd, "seed-demo", "--scale", "program", "--seed", String(seed), "--multiply", value, "--replace"], { env: { ...process.env, ...target } }, (error, _stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stderr }),
        );
      });
    const values = ["0", "51", "2.5", "ten"];
    const results = await Promise.all(values.map(run));
    expect(results).toEqual(values.map((value) => ({ code: 1, stderr: `--multiply must be a whole number from 1 to 50, got "${value}".\n` })));
    expect(await fingerprintsByCopy()).toEqual(before);
  });
});
