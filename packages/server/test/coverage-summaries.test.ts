import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelTraining, completeTraining, createTraining, updateTraining } from "../src/cascade/trainings.js";
import { enroll, recordAttendance, recordScores } from "../src/cascade/enrollments.js";
import { erasePerson } from "../src/cascade/erase-person.js";
import { importParticipants } from "../src/cascade/participant-import.js";
import { registerPerson, updatePerson } from "../src/cascade/people.js";
import { ConflictError, InvalidRowsError, NotFoundError, ValidationError } from "../src/cascade/write-errors.js";
import { Institution, type TrainingLevel } from "../src/db/generated/prisma/enums.js";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { seedDemo } from "../src/demo/index.js";
import { loadAllData } from "../src/import/load-data.js";
import { silentProgress } from "../src/progress.js";
import { coverageOf, regionRows } from "../src/reports/coverage.js";
import { codeLengthOfLevel, fullScanRows, type ScanFilter } from "./support/coverage-full-scan.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";

/**
 * The summaries the coverage reports read (kept by triggers in every write's transaction) are
 * proved against a full scan of the enrolments written in the test (support/coverage-full-scan.ts),
 * at every level and under every filter the report takes, after many random writes of every kind
 * the cascade has: through the domain's writes (enrol, attendance, scores, complete, cancel,
 * modules, a person's home and institution, erasing a person, the bulk import) and through plain SQL (undoing a
 * completion, reopening a training, deleting enrolments and trainings, moving many people in one
 * statement, moving a province to another stage).
 */

/** A pass compares every region of every level, each against a full scan of the enrolments: minutes on the embedded engine. */
const fullScanTimeoutMs = 600_000;

let fresh: FreshDatabase;
let prisma: PrismaClient;

/** A small deterministic generator (mulberry32), so a failing run can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[below(items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  };
  return { next, below, pick };
}
type Generator = ReturnType<typeof generator>;

const institutions = Object.values(Institution);

/** Region codes the writes move people to and hold trainings in: two provinces, every level. */
async function placesOfWrites() {
  const codes = async (table: string) =>
    (await prisma.$queryRawUnsafe<{ code: string }[]>(`SELECT code FROM ${table} WHERE left(code, 2) IN ('73', '11') ORDER BY code`)).map((row) => row.code);
  const villages = await codes("village");
  return { provinces: ["73", "11"], kabupatens: await codes("kabupaten"), kecamatans: await codes("kecamatan"), villages: villages.filter((_, i) => i % 7 === 0) };
}
type Places = Awaited<ReturnType<typeof placesOfWrites>>;

/** A domain write's refusal (a closed training, a person already enrolled) is part of random writing. */
function refused(error: unknown): boolean {
  return error instanceof ValidationError || error instanceof ConflictError || error instanceof NotFoundError || error instanceof InvalidRowsError;
}

async function openTrainings(): Promise<{ id: string; level: TrainingLevel }[]> {
  return prisma.training.findMany({ where: { status: { in: ["PLANNED", "ONGOING"] } }, select: { id: true, level: true }, orderBy: { id: "asc" } });
}

async function somePeople(rng: Generator, count: number): Promise<string[]> {
  const total = await prisma.person.count();
  const rows = await prisma.person.findMany({ select: { id: true }, orderBy: { id: "asc" }, skip: rng.below(Math.max(1, total - count)), take: count });
  return rows.map((row) => row.id);
}

async function someEnrollments(rng: Generator, count: number, where: { training?: { status: { in: ("PLANNED" | "ONGOING" | "COMPLETED")[] } } } = {}) {
  const total = await prisma.enrollment.count({ where });
  return prisma.enrollment.findMany({ where, select: { id: true, trainingId: true }, orderBy: { id: "asc" }, skip: rng.below(Math.max(1, total - count)), take: count });
}

const homeOf = (rng: Generator, places: Places) =>
  rng.pick([places.villages, places.villages, places.kecamatans, places.kabupatens, places.provinces]);

/** One random write of one kind; returns its kind. */
async function randomWrite(rng: Generator, places: Places, round: number): Promise<string> {
  const kinds = [
    "training", "enrol", "enrol", "scores", "attendance", "complete", "cancel", "modules", "move",
    "import", "uncomplete", "reopen", "delete-enrolments", "delete-training", "move-many", "erase",
  ] as const;
  const open = await openTrainings();
  // Most writes need an open training: the first ones open some. The kinds take turns, so every
  // one of them runs in every round.
  const kind = open.length < 3 ? "training" : (kinds[round % kinds.length] ?? "training");
  const inTransaction = <T>(write: (tx: Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0]) => Promise<T>) =>
    prisma.$transaction(write, { timeout: 60_000 });
  try {
    switch (kind) {
      case "training": {
        const level = rng.pick(["PROVINCIAL_TOT", "KECAMATAN_TRAINING", "VILLAGE_SESSION", "VILLAGE_SESSION"] as const);
        const regionCode = level === "PROVINCIAL_TOT" ? rng.pick(places.provinces) : level === "KECAMATAN_TRAINING" ? rng.pick(places.kabupatens) : rng.pick(places.kecamatans);
        const stages = level === "PROVINCIAL_TOT" ? await prisma.stageProvince.findMany({ where: { provinceCode: regionCode } }) : [];
        const day = 1 + rng.below(27);
        await inTransaction((tx) =>
          createTraining(tx, {
            level, regionCode, title: `[summaries] ${round}`,
            startsOn: new Date(Date.UTC(2024, rng.below(12), day)), endsOn: new Date(Date.UTC(2024, 11, 28)),
            stage: stages.length > 0 && rng.next() < 0.7 ? rng.pick(stages).stageNumber : null,
            moduleNumbers: [1 + rng.below(8), 1 + rng.below(8)],
          }),
        );
        break;
      }
      case "enrol": {
        const training = rng.pick(open);
        const personId = rng.next() < 0.5
          ? (await inTransaction((tx) => registerPerson(tx, { fullName: `Peserta ${round}`, institution: rng.pick(institutions), homeRegionCode: rng.pick(homeOf(rng, places)) }))).id
          : rng.pick(await somePeople(rng, 20));
        await inTransaction((tx) => enroll(tx, { trainingId: training.id, personId, role: "PARTICIPANT" }));
        break;
      }
      case "scores":
        for (const { id } of await someEnrollments(rng, 3, { training: { status: { in: ["PLANNED", "ONGOING"] } } })) {
          await inTransaction((tx) => recordScores(tx, id, { preTestScore: rng.next() < 0.2 ? null : rng.below(101), postTestScore: rng.below(101) }));
        }
        break;
      case "attendance":
        for (const { id } of await someEnrollments(rng, 3, { training: { status: { in: ["PLANNED", "ONGOING"] } } })) {
          await inTransaction((tx) => recordAttendance(tx, id, rng.below(3)));
        }
        break;
      case "complete":
        await inTransaction((tx) => completeTraining(tx, rng.pick(open).id));
        break;
      case "cancel":
        await inTransaction((tx) => cancelTraining(tx, rng.pick(open).id));
        break;
      case "modules":
        await inTransaction((tx) => updateTraining(tx, rng.pick(open).id, { moduleNumbers: [1 + rng.below(8), 1 + rng.below(8), 1 + rng.below(8)] }));
        break;
      case "move": {
        const [personId] = await somePeople(rng, 1);
        if (!personId) break;
        await inTransaction((tx) => updatePerson(tx, personId, { homeRegionCode: rng.pick(homeOf(rng, places)), institution: rng.pick(institutions) }));
        break;
      }
      case "erase": {
        const [personId] = await somePeople(rng, 1);
        if (personId) await inTransaction((tx) => erasePerson(tx, personId, "summaries test"));
        break;
      }
      case "import": {
        const training = rng.pick(open);
        const rows = Array.from({ length: 5 + rng.below(30) }, (_, i) => ({
          line: i + 2, fullName: `Impor ${round % 5} ${i % 11}`, institution: rng.pick(institutions),
          homeRegionCode: rng.pick(places.villages), preTestScore: rng.below(101), postTestScore: rng.below(101),
        }));
        const unique = [...new Map(rows.map((row) => [`${row.fullName}|${row.homeRegionCode}`, row])).values()];
        await inTransaction((tx) => importParticipants(tx, { regionCode: null, covers: () => true, people: {} }, training.id, unique));
        break;
      }
      case "uncomplete":
        await prisma.$executeRawUnsafe(
          `UPDATE enrollment SET completed = NOT completed, certified_trainer = NOT certified_trainer WHERE id = ANY($1::uuid[])`,
          (await someEnrollments(rng, 6, { training: { status: { in: ["COMPLETED"] } } })).map((row) => row.id),
        );
        break;
      case "reopen":
        await prisma.$executeRawUnsafe(
          `UPDATE training SET status = 'ONGOING' WHERE id = (SELECT id FROM training WHERE status IN ('COMPLETED', 'CANCELLED') ORDER BY id OFFSET $1 LIMIT 1)`,
          rng.below(200),
        );
        break;
      case "delete-enrolments":
        await prisma.enrollment.deleteMany({ where: { id: { in: (await someEnrollments(rng, 4)).map((row) => row.id) } } });
        break;
      case "delete-training": {
        const [enrolment] = await someEnrollments(rng, 1);
        if (enrolment) await prisma.training.deleteMany({ where: { id: enrolment.trainingId } });
        break;
      }
      case "move-many":
        await prisma.$executeRawUnsafe(
          `UPDATE person p SET home_province_code = left(k.code, 2), home_kabupaten_code = k.kabupaten_code, home_kecamatan_code = k.code, home_village_code = NULL
           FROM kecamatan k WHERE k.code = $1 AND p.id = ANY($2::uuid[])`,
          rng.pick(places.kecamatans),
          await somePeople(rng, 25),
        );
        break;
    }
  } catch (error) {
    if (!refused(error)) throw error;
  }
  return kind;
}

/** Every filter the report takes: none, each stage, dates, both; trainer targets that split the kabupaten. */
const filters: [string, ScanFilter][] = [
  ["no filter", { trainerTarget: 5 }],
  ["no filter, target 0", { trainerTarget: 0 }],
  ["no filter, target 2", { trainerTarget: 2 }],
  ["stage 1", { stage: 1, trainerTarget: 5 }],
  ["stage 2", { stage: 2, trainerTarget: 3 }],
  ["stage 3", { stage: 3, trainerTarget: 5 }],
  ["2024-06-25 to 2024-08-15", { from: new Date("2024-06-25"), to: new Date("2024-08-15"), trainerTarget: 5 }],
  ["stage 3 from 2024-07-01", { stage: 3, from: new Date("2024-07-01"), trainerTarget: 1 }],
];

/** What each round of writes is checked under: a stage, dates, and a target that splits the kabupaten. */
const roundFilters = filters.filter(([name]) => ["no filter, target 2", "stage 3", "2024-06-25 to 2024-08-15"].includes(name));

async function codesOf(table: string, where = "true"): Promise<string[]> {
  return (await prisma.$queryRawUnsafe<{ code: string }[]>(`SELECT code FROM ${table} WHERE ${where} ORDER BY code`)).map((row) => row.code);
}

/** Every indicator of the country, every province, kabupaten and kecamatan, and the villages of 73, equals the full scan. */
async function expectReportsEqualTheFullScan(filtersChecked = filters): Promise<void> {
  const levels = [
    ["PROVINCE", await codesOf("province")],
    ["KABUPATEN", await codesOf("kabupaten")],
    ["KECAMATAN", await codesOf("kecamatan")],
    ["VILLAGE", await codesOf("village", "left(code, 2) = '73'")],
  ] as const;
  for (const [name, filter] of filtersChecked) {
    expect(await coverageOf(prisma, null, filter), `country, ${name}`).toEqual((await fullScanRows(prisma, 0, [""], filter))[0]);
    for (const [level, codes] of levels) {
      const actual = await regionRows(prisma, level, codes, filter);
      const expected = await fullScanRows(prisma, codeLengthOfLevel[level], codes, filter);
      expect(actual.length, `${level}, ${name}`).toBe(codes.length);
      for (const [i, row] of actual.entries()) expect(row, `${row.code}, ${name}`).toEqual(expected[i]);
    }
  }
}

beforeAll(async () => {
  fresh = await createFreshDatabase();
  prisma = createPrismaClient(fresh.database);
  await applyPendingMigrations(fresh.database);
  await loadAllData(prisma, silentProgress);
  await seedDemo(prisma, { scale: "program", seed: 20240628, replace: false }, silentProgress);
}, fullScanTimeoutMs);

afterAll(async () => {
  await prisma?.$disconnect();
  await fresh?.destroy();
});

describe(`coverage summaries on ${testEngine}, against a full scan`, () => {
  it("equal the full scan for the seeded demo, at every level under every filter", async () => {
    await expectReportsEqualTheFullScan();
  }, fullScanTimeoutMs);

  it("equal the full scan after random writes of every kind, in every round", async () => {
    const rng = generator(18);
    const places = await placesOfWrites();
    const kinds = new Set<string>();
    for (let round = 0; round < 3; round++) {
      for (let write = 0; write < 30; write++) kinds.add(await randomWrite(rng, places, round * 100 + write));
      await expectReportsEqualTheFullScan(roundFilters);
    }
    expect([...kinds].sort()).toEqual(
      ["attendance", "cancel", "complete", "delete-enrolments", "delete-training", "enrol", "erase", "import", "modules", "move", "move-many", "reopen", "scores", "training", "uncomplete"].sort(),
    );
  }, fullScanTimeoutMs);

  it("equal the full scan after a province moves to another stage (the summaries are rebuilt)", async () => {
    const moved = await prisma.$executeRawUnsafe(
      `UPDATE stage_province SET stage_number = 2 WHERE stage_number = 3 AND province_code = (SELECT min(province_code) FROM stage_province WHERE stage_number = 3)`,
    );
    expect(moved).toBe(1);
    await expectReportsEqualTheFullScan(roundFilters);
  }, fullScanTimeoutMs);

  it("apply each write statement once, however many enrolments it changed (a deleted training's cascade, a score, none for attendance), and stay right when one statement deletes several scored trainings", async () => {
    const [training] = await prisma.$queryRawUnsafe<{ id: string; enrolments: number }[]>(
      `SELECT training_id::text AS id, count(*)::int AS enrolments FROM participation GROUP BY training_id ORDER BY count(*) DESC, training_id LIMIT 1`,
    );
    if (!training) throw new Error("no enrolments");
    expect(training.enrolments).toBeGreaterThan(10);
    const [enrolment] = await prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT enrollment_id::text AS id FROM participation WHERE training_id <> $1::uuid LIMIT 1`, training.id);
    if (!enrolment) throw new Error("no other enrolment");
    /**
     * How often `statement` applied participation rows to the summaries, from the session's function
     * statistics: the calls counted after it less those before (the count may hold calls of earlier
     * transactions not yet reported).
     */
    const appliedBy = (statement: string, ...values: unknown[]) =>
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL track_functions = 'all'");
        const calls = async () =>
          (await tx.$queryRawUnsafe<{ calls: number }[]>(
            `SELECT coalesce(pg_stat_get_xact_function_calls('coverage_participation_apply'::regproc::oid), 0)::int AS calls`,
          ))[0]?.calls ?? Number.NaN;
        const before = await calls();
        await tx.$executeRawUnsafe(statement, ...values);
        return (await calls()) - before;
      });
    expect(await appliedBy(`UPDATE enrollment SET days_attended = days_attended + 1 WHERE id = $1::uuid`, enrolment.id)).toBe(0);
    expect(await appliedBy(`UPDATE enrollment SET pre_test_score = coalesce(pre_test_score, 0) / 2 + 1 WHERE id = $1::uuid`, enrolment.id)).toBe(1);
    expect(await appliedBy(`DELETE FROM training WHERE id = $1::uuid`, training.id)).toBe(1);
    expect(await prisma.participation.count({ where: { trainingId: training.id } })).toBe(0);
    // Several trainings with modules and scored enrolments in one DELETE: the cascade reaches the
    // summaries once per training, and the module scores of every one of them must leave.
    const scored = await prisma.$queryRawUnsafe<{ id: string }[]>(
      `SELECT p.training_id::text AS id FROM participation p JOIN training_module m ON m.training_id = p.training_id
        WHERE p.pre_test_score IS NOT NULL OR p.post_test_score IS NOT NULL
        GROUP BY p.training_id ORDER BY count(*) DESC, p.training_id LIMIT 4`,
    );
    expect(scored).toHaveLength(4);
    expect(await prisma.$executeRawUnsafe(`DELETE FROM training WHERE id = ANY($1::uuid[])`, scored.map((row) => row.id))).toBe(4);
    await expectReportsEqualTheFullScan(roundFilters);
  }, fullScanTimeoutMs);

  it("equal the full scan after writers run in parallel with readers for many rounds", async () => {
    const places = await placesOfWrites();
    const writers = [1, 2, 3].map(async (writer) => {
      const rng = generator(1000 + writer);
      for (let write = 0; write < 25; write++) await randomWrite(rng, places, 10_000 * writer + write);
    });
    const readers = [1, 2].map(async () => {
      for (let read = 0; read < 15; read++) {
        await coverageOf(prisma, null, { trainerTarget: 5 });
        await regionRows(prisma, "KABUPATEN", ["73.71", "11.01"], { stage: 3, trainerTarget: 5 });
      }
    });
    await Promise.all([...writers, ...readers]);
    await expectReportsEqualTheFullScan(roundFilters);
  }, fullScanTimeoutMs);
});
