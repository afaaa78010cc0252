import type { PrismaClient } from "../../src/db/prisma.js";

/**
 * Every coverage indicator of every region of one level, computed by a full scan of enrollment,
 * training and person written for the tests (not the production SQL, nor its summaries): people
 * and trainings are placed by the code prefix of their most specific code, villages' kinds come
 * from the village table. Rows have the shape of the report's CoverageRow (sums and counts).
 */

export interface ScanFilter {
  stage?: number | null;
  from?: Date | null;
  to?: Date | null;
  trainerTarget: number;
}

/** The length of a region code at each level; 0 groups everything into the whole country (code ''). */
export const codeLengthOfLevel = { COUNTRY: 0, PROVINCE: 2, KABUPATEN: 5, KECAMATAN: 8, VILLAGE: 13 } as const;

/** Trainings in the filter ($1 stage, $2 from, $3 to): never cancelled; a stage keeps its ToTs and the later levels in its provinces. */
const inFilter = (t: string) => `${t}.status <> 'CANCELLED'
  AND ($1::int IS NULL OR coalesce(CASE WHEN ${t}.level = 'PROVINCIAL_TOT' THEN ${t}.stage_number = $1::int
       ELSE EXISTS (SELECT 1 FROM stage_province sp WHERE sp.stage_number = $1::int AND sp.province_code = ${t}.province_code) END, false))
  AND ($2::date IS NULL OR ${t}.starts_on >= $2::date)
  AND ($3::date IS NULL OR ${t}.starts_on <= $3::date)`;

/** Participant enrolments in the filter, each under the region of length $4 its participant lives in. */
const located = `
  located AS (
    SELECT left(x.place, $4::int) AS code, x.* FROM (
      SELECT e.training_id, e.person_id, e.completed, e.certified_trainer, e.pre_test_score AS pre, e.post_test_score AS post,
        t.level, t.status, p.institution, p.home_kabupaten_code, p.home_kecamatan_code, p.home_village_code,
        coalesce(p.home_village_code, p.home_kecamatan_code, p.home_kabupaten_code, p.home_province_code) AS place
      FROM enrollment e JOIN training t ON t.id = e.training_id JOIN person p ON p.id = e.person_id
      WHERE e.role = 'PARTICIPANT' AND ${inFilter("t")}) x
    WHERE length(x.place) >= $4::int)`;

const peopleSql = `
  WITH ${located},
  marked AS (
    SELECT l.*, v.kind AS village_kind,
      l.level = 'KECAMATAN_TRAINING' AND l.status = 'COMPLETED' AND l.completed AS kecamatan_trained,
      l.level = 'VILLAGE_SESSION' AND l.status = 'COMPLETED' AS village_reached
    FROM located l LEFT JOIN village v ON v.code = l.home_village_code)
  SELECT code,
    count(*) FILTER (WHERE level = 'PROVINCIAL_TOT')::int AS "totParticipants",
    count(DISTINCT person_id) FILTER (WHERE level = 'PROVINCIAL_TOT' AND certified_trainer)::int AS "certifiedTrainers",
    count(DISTINCT person_id) FILTER (WHERE kecamatan_trained AND institution = 'KECAMATAN')::int AS "kecamatanApparatusTrained",
    count(DISTINCT person_id) FILTER (WHERE kecamatan_trained AND institution = 'FASILITATOR_KECAMATAN')::int AS "facilitatorsTrained",
    count(DISTINCT home_kecamatan_code) FILTER (WHERE kecamatan_trained)::int AS "kecamatanCovered",
    count(DISTINCT home_village_code) FILTER (WHERE village_reached)::int AS "villagesReached",
    count(DISTINCT home_village_code) FILTER (WHERE village_reached AND village_kind = 'DESA')::int AS "desaReached",
    count(DISTINCT home_village_code) FILTER (WHERE village_reached AND village_kind = 'KELURAHAN')::int AS "kelurahanReached",
    count(DISTINCT home_village_code) FILTER (WHERE village_reached AND village_kind = 'DESA_ADAT')::int AS "desaAdatReached",
    coalesce(sum(pre), 0)::float8 AS "preTestSum", count(pre)::int AS "preTestCount",
    coalesce(sum(post), 0)::float8 AS "postTestSum", count(post)::int AS "postTestCount",
    coalesce(sum(post - pre), 0)::float8 AS "gainSum", count(post - pre)::int AS "gainCount"
  FROM marked GROUP BY code`;

const trainersSql = `
  WITH ${located},
  trainers AS (
    SELECT home_kabupaten_code AS kabupaten, count(DISTINCT person_id)::int AS n
    FROM located WHERE level = 'PROVINCIAL_TOT' AND certified_trainer GROUP BY 1)
  SELECT left(kb.code, $4::int) AS code, coalesce(trainers.n, 0) AS trainers
  FROM kabupaten kb LEFT JOIN trainers ON trainers.kabupaten = kb.code WHERE length(kb.code) >= $4::int`;

const placesSql = `
  SELECT left(t.place, $4::int) AS code,
    count(*) FILTER (WHERE t.level = 'KECAMATAN_TRAINING' AND t.status = 'COMPLETED')::int AS "kecamatanTrainingsHeld",
    count(*) FILTER (WHERE t.level = 'KECAMATAN_TRAINING' AND t.status IN ('PLANNED', 'ONGOING'))::int AS "kecamatanTrainingsPlanned",
    count(*) FILTER (WHERE t.level = 'VILLAGE_SESSION' AND t.status = 'COMPLETED')::int AS "villageSessionsHeld"
  FROM (SELECT t.*, coalesce(t.kecamatan_code, t.kabupaten_code, t.province_code) AS place FROM training t WHERE ${inFilter("t")}) t
  WHERE length(t.place) >= $4::int GROUP BY 1`;

/** Statements that use no filter still declare its parameters' types (PostgreSQL refuses one it cannot type). */
const filterTypes = "params AS (SELECT $1::int, $2::date, $3::date)";

const kecamatanTotalsSql = `
  WITH ${filterTypes}
  SELECT left(k.code, $4::int) AS code, count(*)::int AS n FROM kecamatan k WHERE length(k.code) >= $4::int GROUP BY 1`;

const villageTotalsSql = `
  WITH ${filterTypes}
  SELECT left(v.code, $4::int) AS code, count(*)::int AS "villagesTotal",
    count(*) FILTER (WHERE v.kind = 'DESA')::int AS "desaTotal",
    count(*) FILTER (WHERE v.kind = 'KELURAHAN')::int AS "kelurahanTotal",
    count(*) FILTER (WHERE v.kind = 'DESA_ADAT')::int AS "desaAdatTotal"
  FROM village v WHERE length(v.code) >= $4::int GROUP BY 1`;

const institutionsSql = `
  WITH ${located}
  SELECT code, institution::text AS institution, count(*)::int AS participants,
    count(DISTINCT person_id) FILTER (WHERE certified_trainer)::int AS "certifiedTrainers"
  FROM located WHERE level = 'PROVINCIAL_TOT' GROUP BY code, located.institution ORDER BY code, located.institution`;

const modulesSql = `
  WITH ${located}
  SELECT l.code, m.number AS "moduleNumber", m.name, m.name_en AS "nameEn",
    count(*) FILTER (WHERE l.pre IS NOT NULL OR l.post IS NOT NULL)::int AS participants,
    coalesce(sum(l.pre), 0)::float8 AS "preTestSum", count(l.pre)::int AS "preTestCount",
    coalesce(sum(l.post), 0)::float8 AS "postTestSum", count(l.post)::int AS "postTestCount",
    coalesce(sum(l.post - l.pre), 0)::float8 AS "gainSum", count(l.post - l.pre)::int AS "gainCount"
  FROM located l JOIN training_module tm ON tm.training_id = l.training_id JOIN curriculum_module m ON m.number = tm.module_number
  GROUP BY l.code, m.number, m.name, m.name_en ORDER BY l.code, m.number`;

const zeroPeople = {
  totParticipants: 0, certifiedTrainers: 0, kecamatanApparatusTrained: 0, facilitatorsTrained: 0, kecamatanCovered: 0,
  villagesReached: 0, desaReached: 0, kelurahanReached: 0, desaAdatReached: 0,
  preTestSum: 0, preTestCount: 0, postTestSum: 0, postTestCount: 0, gainSum: 0, gainCount: 0,
};
const zeroPlaces = { kecamatanTrainingsHeld: 0, kecamatanTrainingsPlanned: 0, villageSessionsHeld: 0 };
const zeroVillages = { villagesTotal: 0, desaTotal: 0, kelurahanTotal: 0, desaAdatTotal: 0 };

type Coded<Row> = Row & { code: string };

function groupedByCode<Row extends { code: string }>(rows: Row[]): Map<string, Omit<Row, "code">[]> {
  const grouped = new Map<string, Omit<Row, "code">[]>();
  for (const { code, ...row } of rows) grouped.set(code, [...(grouped.get(code) ?? []), row]);
  return grouped;
}

/** The full scan's rows for these regions (all of one level; [''] for the country), in the order given. */
export async function fullScanRows(prisma: PrismaClient, length: number, codes: readonly string[], filter: ScanFilter) {
  const params = [filter.stage ?? null, filter.from ?? null, filter.to ?? null, length] as const;
  const query = <Row>(sql: string) => prisma.$queryRawUnsafe<Coded<Row>[]>(sql, ...params);
  const people = groupedByCode(await query<typeof zeroPeople>(peopleSql));
  const trainers = groupedByCode(await query<{ trainers: number }>(trainersSql));
  const places = groupedByCode(await query<typeof zeroPlaces>(placesSql));
  const kecamatans = groupedByCode(await query<{ n: number }>(kecamatanTotalsSql));
  const villages = groupedByCode(await query<typeof zeroVillages>(villageTotalsSql));
  const institutions = groupedByCode(await query<{ institution: string; participants: number; certifiedTrainers: number }>(institutionsSql));
  const modules = groupedByCode(
    await query<{ moduleNumber: number; name: string; nameEn: string; participants: number } & Record<`${"preTest" | "postTest" | "gain"}${"Sum" | "Count"}`, number>>(modulesSql),
  );
  return codes.map((code) => {
    const kabupatenTrainers = (trainers.get(code) ?? []).map((row) => row.trainers);
    return {
      code: length === 0 ? null : code,
      ...(people.get(code)?.[0] ?? zeroPeople),
      kabupatenTotal: kabupatenTrainers.length,
      kabupatenMeetingTrainerTarget: kabupatenTrainers.filter((n) => n >= filter.trainerTarget).length,
      ...(places.get(code)?.[0] ?? zeroPlaces),
      kecamatanTotal: kecamatans.get(code)?.[0]?.n ?? 0,
      ...(villages.get(code)?.[0] ?? zeroVillages),
      institutions: institutions.get(code) ?? [],
      modules: modules.get(code) ?? [],
    };
  });
}
