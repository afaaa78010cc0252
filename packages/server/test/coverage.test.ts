import { parse } from "csv-parse/sync";
import { readSheet } from "read-excel-file/node";
import { isObjectType, Kind, parse as parseGraphQL } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../src/access/api-keys.js";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { seedDemo } from "../src/demo/index.js";
import { createGraphQLServer } from "../src/http/yoga.js";
import { loadAllData } from "../src/import/load-data.js";
import { silentProgress } from "../src/progress.js";
import { toCsv } from "../src/reports/csv.js";
import { schema } from "../src/schema/index.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";
import { createTestApi, type TestApi } from "./support/graphql-api.js";

/**
 * The coverage roll-up, checked on a database of its own holding the program-scale demo cascade
 * plus a few rows the demo never makes (a planned training, a cancelled one, a resident known
 * only by province). Every indicator the API gives is compared with SQL written here, which
 * places people and trainings by code prefix rather than by the region columns the
 * implementation groups on.
 */
const seed = 20240628;
const defaultTarget = 5;

let fresh: FreshDatabase;
let prisma: PrismaClient;
let api: TestApi;

// ─── The expectation, in SQL written for this test ─────────────────────────────────────────────

interface Filter {
  stage?: number;
  from?: string;
  to?: string;
  trainerTarget?: number;
}

/** Where people and trainings are, by their most specific code: a region holds what its code prefixes. */
const personPlace = "coalesce(p.home_village_code, p.home_kecamatan_code, p.home_kabupaten_code, p.home_province_code)";
const trainingPlace = "coalesce(t.kecamatan_code, t.kabupaten_code, t.province_code)";

/**
 * `subtree`: the region and everything below it (what the API reports). `exactly`: only what sits
 * at the region itself and in none of its children, e.g. a ToT participant whose home is a
 * kabupaten, seen from that kabupaten. $1 is the region code, null for the whole country.
 */
type Match = "subtree" | "exactly";
const inRegion = (place: string, match: Match) =>
  match === "exactly" ? `(${place} = $1::text)` : `($1::text IS NULL OR ${place} = $1::text OR ${place} LIKE ($1::text || '.%'))`;

/** Trainings in the filter ($2 stage, $3 from, $4 to): never cancelled; a stage keeps its ToTs and the later levels in its provinces. */
const inFilter = (t: string) => `${t}.status <> 'CANCELLED'
  AND ($2::int IS NULL OR coalesce(CASE WHEN ${t}.level = 'PROVINCIAL_TOT' THEN ${t}.stage_number = $2::int
       ELSE EXISTS (SELECT 1 FROM stage_province sp WHERE sp.stage_number = $2::int AND sp.province_code = ${t}.province_code) END, false))
  AND ($3::date IS NULL OR ${t}.starts_on >= $3::date)
  AND ($4::date IS NULL OR ${t}.starts_on <= $4::date)`;

/** Participants living in the region, with their enrolments in trainings of the filter. */
const takingCte = (match: Match) => `
  taking AS (
    SELECT e.training_id, e.person_id, e.completed, e.certified_trainer, e.pre_test_score AS pre, e.post_test_score AS post,
           t.level, t.status, p.institution, p.home_kabupaten_code, p.home_kecamatan_code, p.home_village_code
    FROM enrollment e JOIN training t ON t.id = e.training_id JOIN person p ON p.id = e.person_id
    WHERE e.role = 'PARTICIPANT' AND ${inFilter("t")} AND ${inRegion(personPlace, match)})`;

interface Counts {
  totParticipants: number;
  certifiedTrainers: number;
  kabupatenTotal: number;
  kabupatenMeetingTrainerTarget: number;
  kecamatanTrainingsHeld: number;
  kecamatanTrainingsPlanned: number;
  kecamatanApparatusTrained: number;
  facilitatorsTrained: number;
  kecamatanCovered: number;
  kecamatanTotal: number;
  villageSessionsHeld: number;
  villagesReached: number;
  villagesTotal: number;
  preTestAverage: number | null;
  postTestAverage: number | null;
  gainAverage: number | null;
}

const countsSql = (match: Match) => `
  WITH ${takingCte(match)},
  completed_kecamatan_training AS (SELECT * FROM taking WHERE level = 'KECAMATAN_TRAINING' AND status = 'COMPLETED' AND completed)
  SELECT
    (SELECT count(*) FROM taking WHERE level = 'PROVINCIAL_TOT')::int AS "totParticipants",
    (SELECT count(DISTINCT person_id) FROM taking WHERE level = 'PROVINCIAL_TOT' AND certified_trainer)::int AS "certifiedTrainers",
    (SELECT count(*) FROM kabupaten kb WHERE ${inRegion("kb.code", match)})::int AS "kabupatenTotal",
    (SELECT count(*) FROM kabupaten kb WHERE ${inRegion("kb.code", match)}
       AND (SELECT count(DISTINCT x.person_id) FROM taking x
            WHERE x.level = 'PROVINCIAL_TOT' AND x.certified_trainer AND x.home_kabupaten_code = kb.code) >= $5::int)::int
      AS "kabupatenMeetingTrainerTarget",
    (SELECT count(*) FROM training t WHERE ${inFilter("t")} AND ${inRegion(trainingPlace, match)}
       AND t.level = 'KECAMATAN_TRAINING' AND t.status = 'COMPLETED')::int AS "kecamatanTrainingsHeld",
    (SELECT count(*) FROM training t WHERE ${inFilter("t")} AND ${inRegion(trainingPlace, match)}
       AND t.level = 'KECAMATAN_TRAINING' AND t.status IN ('PLANNED', 'ONGOING'))::int AS "kecamatanTrainingsPlanned",
    (SELECT count(DISTINCT person_id) FROM completed_kecamatan_training WHERE institution = 'KECAMATAN')::int AS "kecamatanApparatusTrained",
    (SELECT count(DISTINCT person_id) FROM completed_kecamatan_training WHERE institution = 'FASILITATOR_KECAMATAN')::int AS "facilitatorsTrained",
    (SELECT count(DISTINCT home_kecamatan_code) FROM completed_kecamatan_training)::int AS "kecamatanCovered",
    (SELECT count(*) FROM kecamatan k WHERE ${inRegion("k.code", match)})::int AS "kecamatanTotal",
    (SELECT count(*) FROM training t WHERE ${inFilter("t")} AND ${inRegion(trainingPlace, match)}
       AND t.level = 'VILLAGE_SESSION' AND t.status = 'COMPLETED')::int AS "villageSessionsHeld",
    (SELECT count(DISTINCT home_village_code) FROM taking WHERE level = 'VILLAGE_SESSION' AND status = 'COMPLETED')::int AS "villagesReached",
    (SELECT count(*) FROM village v WHERE ${inRegion("v.code", match)})::int AS "villagesTotal",
    (SELECT avg(pre)::float8 FROM taking) AS "preTestAverage",
    (SELECT avg(post)::float8 FROM taking) AS "postTestAverage",
    (SELECT avg(post - pre)::float8 FROM taking) AS "gainAverage"`;

const villageKindsSql = (match: Match) => `
  WITH ${takingCte(match)}
  SELECT v.kind::text AS kind, count(*)::int AS total,
    count(*) FILTER (WHERE v.code IN (SELECT home_village_code FROM taking WHERE level = 'VILLAGE_SESSION' AND status = 'COMPLETED'))::int AS reached
  FROM village v WHERE ${inRegion("v.code", match)} GROUP BY v.kind`;

const institutionsSql = `
  WITH ${takingCte("subtree")}
  SELECT institution::text AS institution, count(*)::int AS participants,
    count(DISTINCT person_id) FILTER (WHERE certified_trainer)::int AS "certifiedTrainers"
  FROM taking WHERE level = 'PROVINCIAL_TOT' GROUP BY institution`;

const modulesSql = `
  WITH ${takingCte("subtree")}
  SELECT m.number, m.name, m.name_en AS "nameEn",
    count(*) FILTER (WHERE x.pre IS NOT NULL OR x.post IS NOT NULL)::int AS participants,
    avg(x.pre)::float8 AS "preTestAverage", avg(x.post)::float8 AS "postTestAverage", avg(x.post - x.pre)::float8 AS "gainAverage"
  FROM taking x JOIN training_module tm ON tm.training_id = x.training_id JOIN curriculum_module m ON m.number = tm.module_number
  GROUP BY m.number, m.name, m.name_en ORDER BY m.number`;

const allRegions = "(SELECT code, name FROM province UNION ALL SELECT code, name FROM kabupaten UNION ALL SELECT code, name FROM kecamatan UNION ALL SELECT code, name FROM village)";

const filterParams = (code: string | null, filter: Filter) => [code, filter.stage ?? null, filter.from ?? null, filter.to ?? null] as const;

async function countsOf(code: string | null, filter: Filter, match: Match): Promise<Counts> {
  const [row] = await prisma.$queryRawUnsafe<Counts[]>(countsSql(match), ...filterParams(code, filter), filter.trainerTarget ?? defaultTarget);
  if (!row) throw new Error("no counts row");
  return row;
}

const levels = ["PROVINCE", "KABUPATEN", "KECAMATAN", "VILLAGE"] as const;
const levelOf = (code: string | null) => (code === null ? "COUNTRY" : levels[code.split(".").length - 1]);
const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const close = (value: number | null) => (value === null ? null : expect.closeTo(value, 9));

/** The API's answer for one region as the SQL above computes it, floats matched to 9 decimals. */
async function expectedCoverage(code: string | null, filter: Filter) {
  const counts = await countsOf(code, filter, "subtree");
  const params = filterParams(code, filter);
  const kinds = await prisma.$queryRawUnsafe<{ kind: string; total: number; reached: number }[]>(villageKindsSql("subtree"), ...params);
  const institutions = await prisma.$queryRawUnsafe<{ institution: string; participants: number; certifiedTrainers: number }[]>(institutionsSql, ...params);
  const modules = await prisma.$queryRawUnsafe<
    { number: number; name: string; nameEn: string; participants: number; preTestAverage: number | null; postTestAverage: number | null; gainAverage: number | null }[]
  >(modulesSql, ...params);
  const [region] = code === null ? [] : await prisma.$queryRawUnsafe<{ code: string; name: string }[]>(`SELECT code, name FROM ${allRegions} r WHERE code = $1`, code);
  const target = filter.trainerTarget ?? defaultTarget;
  const level = levelOf(code);
  return {
    level,
    regionCode: code,
    region: region ?? null,
    trainerTarget: target,
    totParticipants: counts.totParticipants,
    certifiedTrainers: counts.certifiedTrainers,
    kabupatenTotal: counts.kabupatenTotal,
    kabupatenMeetingTrainerTarget: counts.kabupatenMeetingTrainerTarget,
    meetsTrainerTarget: level === "KABUPATEN" ? counts.certifiedTrainers >= target : null,
    kecamatanTrainingsHeld: counts.kecamatanTrainingsHeld,
    kecamatanTrainingsPlanned: counts.kecamatanTrainingsPlanned,
    kecamatanApparatusTrained: counts.kecamatanApparatusTrained,
    facilitatorsTrained: counts.facilitatorsTrained,
    kecamatanCovered: counts.kecamatanCovered,
    kecamatanTotal: counts.kecamatanTotal,
    kecamatanCoverageRate: close(rate(counts.kecamatanCovered, counts.kecamatanTotal)),
    villageSessionsHeld: counts.villageSessionsHeld,
    villagesReached: counts.villagesReached,
    villagesTotal: counts.villagesTotal,
    villageReachRate: close(rate(counts.villagesReached, counts.villagesTotal)),
    villagesByKind: (["DESA", "KELURAHAN", "DESA_ADAT"] as const).map((kind) => {
      const row = kinds.find((candidate) => candidate.kind === kind) ?? { reached: 0, total: 0 };
      return { kind, reached: row.reached, total: row.total, rate: close(rate(row.reached, row.total)) };
    }),
    preTestAverage: close(counts.preTestAverage),
    postTestAverage: close(counts.postTestAverage),
    gainAverage: close(counts.gainAverage),
    totParticipantsByInstitution: [...institutions].sort((a, b) => a.institution.localeCompare(b.institution)),
    scoresByModule: modules.map(({ number, name, nameEn, ...scores }) => ({
      module: { number, name, nameEn },
      participants: scores.participants,
      preTestAverage: close(scores.preTestAverage),
      postTestAverage: close(scores.postTestAverage),
      gainAverage: close(scores.gainAverage),
    })),
  };
}

/** Direct children in code order: provinces under the country, then one level down by code shape. */
async function childCodes(code: string | null): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<{ code: string }[]>(
    `SELECT code FROM ${allRegions} r
     WHERE CASE WHEN $1::text IS NULL THEN code NOT LIKE '%.%' ELSE code LIKE ($1::text || '.%') AND code NOT LIKE ($1::text || '.%.%') END
     ORDER BY code`,
    code,
  );
  return rows.map((row) => row.code);
}

// ─── The API's answer ───────────────────────────────────────────────────────────────────────────

const indicatorFields = `
  level regionCode region { code name } trainerTarget
  totParticipants certifiedTrainers kabupatenTotal kabupatenMeetingTrainerTarget meetsTrainerTarget
  kecamatanTrainingsHeld kecamatanTrainingsPlanned kecamatanApparatusTrained facilitatorsTrained
  kecamatanCovered kecamatanTotal kecamatanCoverageRate villageSessionsHeld villagesReached villagesTotal villageReachRate
  villagesByKind { kind reached total rate }
  preTestAverage postTestAverage gainAverage
  totParticipantsByInstitution { institution participants certifiedTrainers }
  scoresByModule { module { number name nameEn } participants preTestAverage postTestAverage gainAverage }`;

const coverageQuery = `
  fragment Indicators on Coverage { ${indicatorFields} }
  query Coverage($regionCode: String, $stage: Int, $from: Date, $to: Date, $trainerTarget: Int) {
    coverage(regionCode: $regionCode, stage: $stage, from: $from, to: $to, trainerTarget: $trainerTarget) {
      ...Indicators
      children { ...Indicators }
    }
  }`;

type CountField = Exclude<keyof Counts, "preTestAverage" | "postTestAverage" | "gainAverage">;
type ApiCoverage = Record<CountField, number> & {
  regionCode: string | null;
  kecamatanCoverageRate: number | null;
  villageReachRate: number | null;
  villagesByKind: { kind: string; reached: number; total: number; rate: number | null }[];
  totParticipantsByInstitution: { institution: string }[];
  children: ApiCoverage[];
};

async function apiCoverage(code: string | null, filter: Filter): Promise<ApiCoverage> {
  const response = await api.query<{ coverage: ApiCoverage }>(coverageQuery, { regionCode: code, ...filter });
  expect(response.errors).toBeUndefined();
  const coverage = response.data?.coverage;
  if (!coverage) throw new Error("no coverage in the response");
  return coverage;
}

/** The institution breakdown in a stable order, as the expectation sorts it. */
const byInstitution = (coverage: ApiCoverage) => ({
  ...coverage,
  totParticipantsByInstitution: [...coverage.totParticipantsByInstitution].sort((a, b) => a.institution.localeCompare(b.institution)),
});

// ─── Fixtures ──────────────────────────────────────────────────────────────────────────────────

/**
 * Rows the demo never makes, each of which an indicator must treat in its own way: a PLANNED
 * kecamatan training (planned, not held); a CANCELLED village session whose participant comes
 * from a village nobody else reached (it must not count as reached); and a certified ToT
 * participant whose home is known only as province 73 (in the province, in none of its kabupaten).
 */
async function addRowsTheDemoLacks(): Promise<void> {
  const tot = await prisma.training.findFirstOrThrow({ where: { level: "PROVINCIAL_TOT", provinceCode: "73" } });
  const provincial = await prisma.person.create({ data: { fullName: "Test Provinsi", institution: "BAPPEDA", homeProvinceCode: "73" } });
  await prisma.enrollment.create({
    data: { trainingId: tot.id, personId: provincial.id, role: "PARTICIPANT", daysAttended: 5, preTestScore: 41, postTestScore: 93, completed: true, certifiedTrainer: true },
  });
  await prisma.training.create({
    data: { level: "KECAMATAN_TRAINING", provinceCode: "73", kabupatenCode: "73.71", title: "Test planned", startsOn: new Date("2024-08-05"), endsOn: new Date("2024-08-07"), status: "PLANNED" },
  });
  const [unreached] = await prisma.$queryRawUnsafe<{ code: string }[]>(`
    SELECT v.code FROM village v WHERE v.kecamatan_code = '73.71.01'
      AND NOT EXISTS (SELECT 1 FROM person p WHERE p.home_village_code = v.code) ORDER BY v.code LIMIT 1`);
  if (!unreached) throw new Error("every village of 73.71.01 has a resident already");
  const cancelled = await prisma.training.create({
    data: {
      level: "VILLAGE_SESSION", provinceCode: "73", kabupatenCode: "73.71", kecamatanCode: "73.71.01", title: "Test cancelled",
      startsOn: new Date("2024-08-12"), endsOn: new Date("2024-08-12"), status: "CANCELLED",
    },
  });
  const villager = await prisma.person.create({
    data: {
      fullName: "Test Desa", institution: "DESA", homeProvinceCode: "73", homeKabupatenCode: "73.71", homeKecamatanCode: "73.71.01", homeVillageCode: unreached.code,
    },
  });
  await prisma.enrollment.create({
    data: { trainingId: cancelled.id, personId: villager.id, role: "PARTICIPANT", daysAttended: 1, preTestScore: 10, postTestScore: 20, completed: true },
  });
}

beforeAll(async () => {
  fresh = await createFreshDatabase();
  prisma = createPrismaClient(fresh.database);
  await applyPendingMigrations(fresh.database);
  await loadAllData(prisma, silentProgress);
  await seedDemo(prisma, { scale: "program", seed, replace: false }, silentProgress);
  await addRowsTheDemoLacks();
  api = createTestApi(prisma);
});

afterAll(async () => {
  await api?.close();
  await fresh?.destroy();
});

// ─── Tests ─────────────────────────────────────────────────────────────────────────────────────

// Keeps stage 3's ToTs (from 28 June 2024) and about half of what followed them; drops the ToTs
// of stages 1 (March) and 2 (18 June) but not all the later trainings in their provinces.
const window = { from: "2024-06-25", to: "2024-08-15" };
const filters: [string, Filter][] = [
  ["no filter", {}],
  ["stage 3", { stage: 3 }],
  ["stage 3 from 2024-06-25 to 2024-08-15", { stage: 3, ...window }],
  ["2024-06-25 to 2024-08-15, every stage", window],
];
const scopes: [string, string | null][] = [
  ["the country", null],
  ["province 73", "73"],
  ["kabupaten 73.71", "73.71"],
  ["kecamatan 73.71.01", "73.71.01"],
];

describe(`coverage on ${testEngine}, against independent SQL`, () => {
  it("selects every field of Coverage here, so no indicator goes unchecked", () => {
    const type = schema.getType("Coverage");
    if (!isObjectType(type)) throw new Error("Coverage is not an object type");
    const [fragment] = parseGraphQL(`fragment Indicators on Coverage { ${indicatorFields} }`).definitions;
    if (fragment?.kind !== Kind.FRAGMENT_DEFINITION) throw new Error("not a fragment");
    const selected = new Set(fragment.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : [])));
    const missing = Object.keys(type.getFields()).filter((field) => field !== "children" && !selected.has(field));
    expect(missing).toEqual([]);
  });

  for (const [scopeName, code] of scopes) {
    for (const [filterName, filter] of filters) {
      it(`equals the SQL for every indicator of ${scopeName} and of each of its children (${filterName})`, async () => {
        const coverage = await apiCoverage(code, filter);
        const { children, ...node } = byInstitution(coverage);
        expect(node).toEqual(await expectedCoverage(code, filter));
        const codes = await childCodes(code);
        expect(children.map((child) => child.regionCode)).toEqual(codes);
        // Every child compared in full is slow on the embedded engine for the 38 provinces; there the
        // stage's four provinces and one outside it stand for the rest (the sums below cover all 38).
        const checked = code === null ? children.filter((child) => ["11", "63", "64", "71", "73"].includes(child.regionCode ?? "")) : children;
        for (const child of checked) {
          const { children: grandchildren, ...childNode } = byInstitution(child);
          expect(grandchildren).toBeUndefined();
          expect(childNode, child.regionCode ?? "").toEqual(await expectedCoverage(child.regionCode, filter));
        }
      });
    }
  }

  it("uses the trainer target asked for: kabupaten meeting it, and meetsTrainerTarget per kabupaten", async () => {
    for (const trainerTarget of [0, 3, 9]) {
      const coverage = await apiCoverage("73", { trainerTarget });
      const { children, ...node } = byInstitution(coverage);
      expect(node).toEqual(await expectedCoverage("73", { trainerTarget }));
      expect(node.kabupatenMeetingTrainerTarget).toBe(children.filter((child) => child.certifiedTrainers >= trainerTarget).length);
    }
    const strict = await apiCoverage("73", { trainerTarget: 5 });
    // Target 5 splits the demo's kabupaten; otherwise the checks above would prove little.
    expect(strict.kabupatenMeetingTrainerTarget).toBeGreaterThan(0);
    expect(strict.kabupatenMeetingTrainerTarget).toBeLessThan(strict.kabupatenTotal);
  });

  it("answers the same on Region.coverage as on the root coverage query", async () => {
    const response = await api.query<{ region: { coverage: ApiCoverage } }>(
      `query { region(code: "73.71") { coverage(stage: 3) { ${indicatorFields} children { regionCode totParticipants villagesReached } } } }`,
    );
    const root = await apiCoverage("73.71", { stage: 3 });
    expect(response.data?.region.coverage).toEqual({
      ...root,
      children: root.children.map(({ regionCode, totParticipants, villagesReached }) => ({ regionCode, totParticipants, villagesReached })),
    });
  });
});

/**
 * A parent's counts are its children's summed, plus whatever sits at the parent itself and in
 * none of its children (the `exactly` SQL): people whose home is known only down to the parent,
 * trainings held at the parent's level. Which indicators are additive at each step:
 *
 * - country → provinces: every count (every person and training is in a province);
 * - province → kabupaten: every count, plus the province's own residents (here: the fixture's
 *   provincial ToT participant) for the people counts;
 * - kabupaten → kecamatan: every count plus the kabupaten's own share, which is large: ToT
 *   participants live in their kabupaten, and kecamatan trainings are held there, so
 *   `totParticipants`, `certifiedTrainers` and `kecamatanTrainings*` of the kecamatan are zero;
 * - kecamatan → villages: the same, except `kecamatanCovered`, which counts distinct kecamatan:
 *   below a kecamatan every village would count the same one.
 *
 * `kabupatenMeetingTrainerTarget` counts kabupaten, whose trainers may live in any of their
 * kecamatan: it adds up from the country to the kabupaten, and is checked there only.
 */
const additiveCounts: CountField[] = [
  "totParticipants",
  "certifiedTrainers",
  "kabupatenTotal",
  "kecamatanTrainingsHeld",
  "kecamatanTrainingsPlanned",
  "kecamatanApparatusTrained",
  "facilitatorsTrained",
  "kecamatanCovered",
  "kecamatanTotal",
  "villageSessionsHeld",
  "villagesReached",
  "villagesTotal",
];

/** The named counts of a region, for comparing a report's with the SQL's. */
const pick = (counts: Pick<Counts, CountField>, fields: CountField[]) => Object.fromEntries(fields.map((field) => [field, counts[field]]));

describe(`coverage adds up the tree on ${testEngine}`, () => {
  const steps: [string, string | null, CountField[]][] = [
    ["country → provinces", null, additiveCounts],
    ["province 73 → kabupaten", "73", additiveCounts],
    ["kabupaten 73.71 → kecamatan", "73.71", additiveCounts],
    ["kecamatan 73.71.01 → villages", "73.71.01", additiveCounts.filter((field) => field !== "kecamatanCovered")],
  ];
  for (const [stepName, code, fields] of steps) {
    for (const [filterName, filter] of filters.slice(0, 2)) {
      it(`${stepName}: each count is the children's sum plus the parent's own share (${filterName})`, async () => {
        const coverage = await apiCoverage(code, filter);
        const own = await countsOf(code, filter, "exactly");
        const sum = (field: CountField) => coverage.children.reduce((total, child) => total + child[field], 0);
        for (const field of fields) expect(coverage[field], field).toBe(sum(field) + own[field]);
        const kindSums = coverage.villagesByKind.map(({ kind }) =>
          coverage.children.reduce(
            (total, child) => {
              const row = child.villagesByKind.find((candidate) => candidate.kind === kind);
              return { kind, reached: total.reached + (row?.reached ?? 0), total: total.total + (row?.total ?? 0) };
            },
            { kind, reached: 0, total: 0 },
          ),
        );
        expect(coverage.villagesByKind.map(({ kind, reached, total }) => ({ kind, reached, total }))).toEqual(kindSums);
        if (code === null || code.length === 2) {
          expect(coverage.kabupatenMeetingTrainerTarget).toBe(sum("kabupatenMeetingTrainerTarget"));
        }
        // The sums above would agree with any children that add up, right or wrong: each child's
        // counts, and the parent's, are the SQL written here too (all 38 provinces for the country).
        expect(pick(coverage, fields), code ?? "the country").toEqual(pick(await countsOf(code, filter, "subtree"), fields));
        for (const child of coverage.children) {
          expect(pick(child, fields), child.regionCode ?? "").toEqual(pick(await countsOf(child.regionCode, filter, "subtree"), fields));
        }
        if (code === null) expect(coverage.children).toHaveLength(38);
        // The SQL for each of 38 provinces takes minutes on the embedded engine of a loaded machine.
      }, 600_000);
    }
  }

  it("has a share of its own where people live at the parent: the naive sum would be wrong", async () => {
    const province = await apiCoverage("73", {});
    const kabupaten = await apiCoverage("73.71", {});
    const sum = (coverage: ApiCoverage, field: CountField) => coverage.children.reduce((total, child) => total + child[field], 0);
    // The fixture's participant lives in province 73 but in no kabupaten of it.
    expect(province.totParticipants - sum(province, "totParticipants")).toBe(1);
    // Kabupaten officials trained at the ToT live in the kabupaten, in none of its kecamatan.
    expect(sum(kabupaten, "totParticipants")).toBe(0);
    expect(kabupaten.totParticipants).toBeGreaterThan(0);
  });

  it("recomputes rates from the summed counts instead of averaging the children's rates", async () => {
    const country = await apiCoverage(null, {});
    const sum = (field: CountField) => country.children.reduce((total, child) => total + child[field], 0);
    expect(country.kecamatanCoverageRate).toBeCloseTo(sum("kecamatanCovered") / sum("kecamatanTotal"), 12);
    expect(country.villageReachRate).toBeCloseTo(sum("villagesReached") / sum("villagesTotal"), 12);
    const meanOf = (rates: (number | null)[]) => rates.reduce<number>((total, value) => total + (value ?? 0), 0) / rates.length;
    // The demo reaches the 10 stage provinces only, so the mean of 38 provincial rates is far lower.
    expect(country.villageReachRate).not.toBeCloseTo(meanOf(country.children.map((child) => child.villageReachRate)), 2);
    for (const region of [country, ...country.children]) {
      expect(region.kecamatanCoverageRate).toBe(rate(region.kecamatanCovered, region.kecamatanTotal));
      expect(region.villageReachRate).toBe(rate(region.villagesReached, region.villagesTotal));
      for (const kind of region.villagesByKind) expect(kind.rate).toBe(rate(kind.reached, kind.total));
    }
  });
});

describe(`coverage statements on ${testEngine}`, () => {
  /** The SQL statements one coverage query of the country runs on a client of its own (an empty report cache). */
  async function statementsOfCountry(filter: Filter): Promise<string[]> {
    const statements: string[] = [];
    const counted = createTestApi(createPrismaClient(fresh.database, { onQuery: (sql) => statements.push(sql) }));
    try {
      const coverage = await counted.query<{ coverage: ApiCoverage }>(coverageQuery, { ...filter });
      expect(coverage.errors).toBeUndefined();
      expect(coverage.data?.coverage.children).toHaveLength(38);
    } finally {
      await counted.close();
    }
    return statements;
  }

  it("reads only the summaries for the country, its 38 provinces and all their breakdowns, never an enrolment", async () => {
    for (const filter of [{}, { stage: 3 }]) {
      const statements = await statementsOfCountry(filter);
      expect(statements.filter((sql) => /\bcoverage_summary\b/.test(sql))).toHaveLength(1);
      expect(statements.filter((sql) => /\b(participation|enrollment|person|training)\b/.test(sql))).toEqual([]);
    }
  });

  it("reads the participant enrolments three times for a date range: the summaries keep no dates", async () => {
    const statements = await statementsOfCountry(window);
    // The provinces' people counts, institutions and module scores; the country's are their sums.
    // They read participation, where each enrolment already has its training and its person.
    expect(statements.filter((sql) => /\bparticipation\b/.test(sql))).toHaveLength(3);
    expect(statements.filter((sql) => /\b(FROM|JOIN)\s+(enrollment|person)\b/i.test(sql))).toEqual([]);
  });
});

describe("coverage refuses bad input with BAD_USER_INPUT", () => {
  it.each([
    ["a malformed region code", { regionCode: "7x" }, /"7x" is not a region code/],
    ["a code no region has", { regionCode: "73.99" }, /No region has the code "73\.99"/],
    ['"to" before "from"', { from: "2024-08-01", to: "2024-07-01" }, /"to" must not be before "from"/],
    ["a negative trainer target", { trainerTarget: -1 }, /"trainerTarget" must be a whole number from 0 to 10,000, got -1\./],
    ["a day that does not exist", { from: "2024-13-01" }, /2024-13-01/],
    ["a day before the range (year 0)", { from: "0000-01-01" }, /"\$from" got invalid value "0000-01-01"/],
    ["a stage out of range", { stage: 2147483647 }, /"stage" must be a whole number from 1 to 99, got 2147483647\./],
    ["a trainer target out of range", { trainerTarget: 2147483647 }, /"trainerTarget" must be a whole number from 0 to 10,000, got 2147483647\./],
  ])("%s", async (_case, variables, message) => {
    const response = await api.query(coverageQuery, variables);
    expect(response.data ?? null).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0]?.message).toMatch(message);
  });
});

// ─── The CSV export ────────────────────────────────────────────────────────────────────────────

/** Keys of this file's database, made on first use: exports need a PARTNER key or above. */
const exportKeys = new Map<string, Promise<string>>();
function exportKey(role: "PARTNER" | "STAFF", regionCode?: string): Promise<string> {
  const name = `${role} ${regionCode ?? ""}`;
  if (!exportKeys.has(name)) exportKeys.set(name, createApiKey(prisma, { role, regionCode, name: `export ${name}` }).then(({ key }) => key));
  return exportKeys.get(name)!;
}

async function exportCoverage(format: "csv" | "xlsx", query: string, apiKey: string | null | Promise<string> = exportKey("PARTNER")): Promise<Response> {
  const yoga = createGraphQLServer(prisma, { phase: "ready", checkDatabase: async () => true });
  const key = await apiKey;
  return yoga.fetch(`http://localhost/export/coverage.${format}?${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
}

const exportCsv = (query: string, apiKey?: string | null) => exportCoverage("csv", query, apiKey === undefined ? exportKey("PARTNER") : apiKey);

/** A CSV export's records, byte-order mark dropped, header row first. */
const csvRecords = (text: string) => parse(text.slice(1), { record_delimiter: "\r\n" }) as string[][];

/** The body as sent, byte-order mark kept (a plain decode would drop it silently). */
async function bodyOf(response: Response): Promise<{ bytes: Uint8Array; text: string }> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { bytes, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

/** Columns of the export and the GraphQL field each must equal, by English header. */
const csvColumns: [string, (row: ApiCoverage) => number | null][] = [
  ["ToT participants", (row) => row.totParticipants],
  ["Certified trainers", (row) => row.certifiedTrainers],
  ["Kabupaten meeting trainer target", (row) => row.kabupatenMeetingTrainerTarget],
  ["Kabupaten total", (row) => row.kabupatenTotal],
  ["Kecamatan trainings held", (row) => row.kecamatanTrainingsHeld],
  ["Kecamatan trainings planned", (row) => row.kecamatanTrainingsPlanned],
  ["Kecamatan apparatus trained", (row) => row.kecamatanApparatusTrained],
  ["Kecamatan facilitators trained", (row) => row.facilitatorsTrained],
  ["Kecamatan covered", (row) => row.kecamatanCovered],
  ["Kecamatan total", (row) => row.kecamatanTotal],
  ["Kecamatan coverage rate", (row) => row.kecamatanCoverageRate],
  ["Village sessions held", (row) => row.villageSessionsHeld],
  ["Villages reached", (row) => row.villagesReached],
  ["Villages total", (row) => row.villagesTotal],
  ["Village reach rate", (row) => row.villageReachRate],
];

describe(`GET /export/coverage.csv on ${testEngine}`, () => {
  it("sends a BOM, CRLF lines, a bilingual header and one row per kabupaten of 73 equal to GraphQL's children", async () => {
    const response = await exportCsv("region=73&stage=3");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const { bytes, text } = await bodyOf(response);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);

    const [header = [], ...rows] = csvRecords(text);
    expect(header.slice(0, 2)).toEqual(["Region code / Kode wilayah", "Region name / Nama wilayah"]);
    for (const cell of header) expect(cell).toMatch(/^[A-Z][^/]* \/ [A-Z]/);
    const column = (english: string) => header.findIndex((cell) => cell.startsWith(`${english} / `));

    const { children } = await apiCoverage("73", { stage: 3 });
    const names = await prisma.kabupaten.findMany({ where: { provinceCode: "73" }, orderBy: { code: "asc" } });
    expect(rows.map((row) => row.slice(0, 2))).toEqual(names.map((kabupaten) => [kabupaten.code, kabupaten.name]));
    expect(rows.map((row) => row[0])).toEqual(children.map((child) => child.regionCode));
    children.forEach((child, index) => {
      const row = rows[index] ?? [];
      for (const [english, value] of csvColumns) {
        const cell = row[column(english)];
        const expected = value(child);
        if (expected === null) expect(cell, english).toBe("");
        else expect(Number(cell), `${child.regionCode} ${english}`).toBeCloseTo(expected, 4);
      }
    });
  });

  it("quotes a region name holding a double quote as RFC 4180 says", async () => {
    const [quoted] = await prisma.$queryRawUnsafe<{ code: string; name: string; kabupaten: string }[]>(
      `SELECT code, name, kabupaten_code AS kabupaten FROM kecamatan WHERE name LIKE '%"%' ORDER BY code LIMIT 1`,
    );
    if (!quoted) throw new Error("the tree has no kecamatan with a quote in its name");
    const { text } = await bodyOf(await exportCsv(`region=${quoted.kabupaten}`));
    expect(text).toContain(`\r\n${quoted.code},"${quoted.name.replaceAll('"', '""')}",`);
  });

  it("toCsv quotes commas, quotes and line breaks, doubles inner quotes, and leaves plain cells bare", () => {
    expect(toCsv([["Kota Bandung, Jawa Barat", 'Soka"an', "two\r\nlines", "plain", 1204, 0.4785, null]])).toBe(
      '\uFEFF"Kota Bandung, Jawa Barat","Soka""an","two\r\nlines",plain,1204,0.4785,\r\n',
    );
  });

  it("needs a key: 401 without one; a STAFF key only for its own subtree (403 elsewhere and for the country)", async () => {
    const anonymous = await exportCsv("region=73", null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await anonymous.text()).toMatch(/needs a PARTNER, STAFF or ADMIN key/);
    const staff = exportKey("STAFF", "73");
    expect((await exportCoverage("csv", "region=73.71", staff)).status).toBe(200);
    for (const query of ["region=74", "stage=3"]) {
      const refused = await exportCoverage("csv", query, staff);
      expect(refused.status, query).toBe(403);
      expect(await refused.text()).toMatch(/may export only region 73 and the regions below it/);
    }
  });

  it.each([
    ["region=7x", /"region" must be a region code.*"7x"/],
    ["stage=abc", /"stage" must be a whole number.*"abc"/],
    ["from=2024-13-01", /"from": Expected a date like "2024-06-18", from 1900-01-01 to 2199-12-31, got "2024-13-01", which is no calendar day\./],
    ["from=0000-01-01", /"from": Expected a date like "2024-06-18", from 1900-01-01 to 2199-12-31, got "0000-01-01"\./],
    ["to=0000-01-01", /"to": Expected a date like "2024-06-18", from 1900-01-01 to 2199-12-31, got "0000-01-01"\./],
    ["stage=2147483648", /"stage" must be a whole number from 1 to 99, got 2147483648\./],
    ["stage=0", /"stage" must be a whole number from 1 to 99, got 0\./],
    ["trainerTarget=2147483648", /"trainerTarget" must be a whole number from 0 to 10,000, got 2147483648\./],
    ["stage=99999999999999999999", /"stage" must be a whole number, got "99999999999999999999"\./],
  ])("answers 400 with a plain message for %s, in CSV and XLSX alike", async (query, message) => {
    for (const format of ["csv", "xlsx"] as const) {
      const response = await exportCoverage(format, query);
      expect(response.status, format).toBe(400);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await response.text()).toMatch(message);
    }
  });
});

// ─── The XLSX export ───────────────────────────────────────────────────────────────────────────

describe(`GET /export/coverage.xlsx on ${testEngine}`, () => {
  it("holds the CSV's header and rows, with the numbers as numeric cells and the codes as text", async () => {
    const response = await exportCoverage("xlsx", "region=73&stage=3");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="coverage-73-stage-3.xlsx"');
    const [header, ...rows] = await readSheet(Buffer.from(await response.arrayBuffer()));
    const [csvHeader, ...csvRows] = csvRecords((await bodyOf(await exportCsv("region=73&stage=3"))).text);

    expect(header).toEqual(csvHeader);
    expect(rows).toHaveLength(csvRows.length);
    expect(rows.length).toBeGreaterThan(0);
    rows.forEach((row, index) => {
      const csvRow = csvRows[index] ?? [];
      expect(row.slice(0, 2), "code and name are text").toEqual(csvRow.slice(0, 2));
      // Every other column is a number, or empty where the CSV is (a rate of nothing).
      expect(row.slice(2)).toEqual(csvRow.slice(2).map((cell) => (cell === "" ? null : Number(cell))));
    });
    // The stage's kabupaten reached people, so the numbers compared above are not all zeros.
    expect(rows.some((row) => typeof row[2] === "number" && row[2] > 0)).toBe(true);
  });

  it("answers a bad parameter with the CSV's 400 and message", async () => {
    const [xlsx, csv] = await Promise.all([exportCoverage("xlsx", "stage=abc"), exportCsv("stage=abc")]);
    expect(xlsx.status).toBe(400);
    expect(xlsx.headers.get("content-type")).toBe(csv.headers.get("content-type"));
    expect(await xlsx.text()).toBe(await csv.text());
  });
});
