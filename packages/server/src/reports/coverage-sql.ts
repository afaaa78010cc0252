import type { RegionLevel } from "../schema/region-codes.js";

/**
 * The SQL behind the coverage indicators: one statement computes every indicator for every
 * region of one level under a parent (or all provinces), grouped in the database. Column names
 * come from the fixed maps below, never from input; values travel as parameters:
 * $1 region code (see `CoverageScope`), $2 stage number, $3 from date, $4 to date (each
 * optional), $5 the certified-trainer target per kabupaten.
 */

/**
 * Which regions of a level get a row: those under the parent $1, or the region $1 itself
 * (for provinces, $1 null means every province).
 */
export type CoverageScope = "children" | "self";

const regionTableOfLevel: Record<RegionLevel, { table: string; parentColumn: string | null }> = {
  PROVINCE: { table: "province", parentColumn: null },
  KABUPATEN: { table: "kabupaten", parentColumn: "province_code" },
  KECAMATAN: { table: "kecamatan", parentColumn: "kabupaten_code" },
  VILLAGE: { table: "village", parentColumn: "kecamatan_code" },
};

/** The column of `person` that places someone's home in a region of this level. */
export const homeColumnOfLevel: Record<RegionLevel, string> = {
  PROVINCE: "home_province_code",
  KABUPATEN: "home_kabupaten_code",
  KECAMATAN: "home_kecamatan_code",
  VILLAGE: "home_village_code",
};

/** The column of `training` that places it in a region of this level (none below kecamatan). */
const trainingColumnOfLevel: Record<RegionLevel, string | null> = {
  PROVINCE: "province_code",
  KABUPATEN: "kabupaten_code",
  KECAMATAN: "kecamatan_code",
  VILLAGE: null,
};

/** Expressions grouping villages, kecamatan and kabupaten under a region of this level. */
const villageTotalsOfLevel: Record<RegionLevel, { from: string; group: string }> = {
  PROVINCE: { from: "village v", group: "left(v.code, 2)" },
  // Through kecamatan, whose kabupaten_code is indexed: left(v.code, 5) would scan every village.
  KABUPATEN: { from: "village v JOIN kecamatan vk ON vk.code = v.kecamatan_code", group: "vk.kabupaten_code" },
  KECAMATAN: { from: "village v", group: "v.kecamatan_code" },
  VILLAGE: { from: "village v", group: "v.code" },
};

const kecamatanCountColumnOfLevel: Record<RegionLevel, string | null> = {
  PROVINCE: "left(k.code, 2)",
  KABUPATEN: "k.kabupaten_code",
  KECAMATAN: "k.code",
  VILLAGE: null,
};

const kabupatenCountColumnOfLevel: Record<RegionLevel, string | null> = {
  PROVINCE: "kb.province_code",
  KABUPATEN: "kb.code",
  KECAMATAN: null,
  VILLAGE: null,
};

/** Trainings in scope: not cancelled, in the stage (a ToT of it, or later levels in its provinces), in the dates. */
export const trainingInScope = `
  t.status <> 'CANCELLED'
  AND ($2::int IS NULL OR (CASE WHEN t.level = 'PROVINCIAL_TOT' THEN t.stage_number = $2::int
       ELSE t.province_code IN (SELECT sp.province_code FROM stage_province sp WHERE sp.stage_number = $2::int) END))
  AND ($3::date IS NULL OR t.starts_on >= $3::date)
  AND ($4::date IS NULL OR t.starts_on <= $4::date)`;

/** Indicators for each region of `level` in the scope (see `CoverageScope`). */
export function coverageRowsSql(level: RegionLevel, scope: CoverageScope): string {
  const { table, parentColumn } = regionTableOfLevel[level];
  const home = `p.${homeColumnOfLevel[level]}`;
  const place = trainingColumnOfLevel[level];
  const kecamatanGroup = kecamatanCountColumnOfLevel[level];
  const kabupatenGroup = kabupatenCountColumnOfLevel[level];
  const villageTotals = villageTotalsOfLevel[level];
  const regionFilter =
    scope === "self" ? "r.code = $1::text" : parentColumn ? `r.${parentColumn} = $1::text` : "$1::text IS NULL";
  return `
WITH -- Never read: declares every parameter's type, whichever of them this level's query uses.
params AS (SELECT $1::text, $2::int, $3::date, $4::date, $5::int),
region AS (SELECT r.code FROM ${table} r WHERE ${regionFilter}),
participation AS (
  SELECT ${home} AS code, p.id AS person_id, p.institution, p.home_kecamatan_code, p.home_village_code,
         t.id AS training_id, t.level, t.status, e.completed, e.certified_trainer, e.pre_test_score, e.post_test_score
  FROM enrollment e
  JOIN training t ON t.id = e.training_id
  JOIN person p ON p.id = e.person_id
  WHERE e.role = 'PARTICIPANT' AND ${home} IN (SELECT code FROM region) AND ${trainingInScope}),
tot AS (
  SELECT code, count(*)::int AS participants, count(DISTINCT person_id) FILTER (WHERE certified_trainer)::int AS certified
  FROM participation WHERE level = 'PROVINCIAL_TOT' GROUP BY code),
trained AS (
  SELECT code,
    count(DISTINCT person_id) FILTER (WHERE institution = 'KECAMATAN')::int AS apparatus,
    count(DISTINCT person_id) FILTER (WHERE institution = 'FASILITATOR_KECAMATAN')::int AS facilitators,
    count(DISTINCT home_kecamatan_code)::int AS kecamatan_covered
  FROM participation WHERE level = 'KECAMATAN_TRAINING' AND status = 'COMPLETED' AND completed GROUP BY code),
reached AS (
  -- A village's kind is the first digit of its last segment (1 kelurahan, 2 desa, 3 desa adat):
  -- read from the code, it needs no lookup in the village table.
  SELECT x.code,
    count(DISTINCT x.home_village_code)::int AS villages,
    count(DISTINCT x.home_village_code) FILTER (WHERE substr(x.home_village_code, 10, 1) = '2')::int AS desa,
    count(DISTINCT x.home_village_code) FILTER (WHERE substr(x.home_village_code, 10, 1) = '1')::int AS kelurahan,
    count(DISTINCT x.home_village_code) FILTER (WHERE substr(x.home_village_code, 10, 1) = '3')::int AS desa_adat
  FROM participation x
  WHERE x.level = 'VILLAGE_SESSION' AND x.status = 'COMPLETED' AND x.home_village_code IS NOT NULL GROUP BY x.code),
scores AS (
  SELECT code,
    count(*) FILTER (WHERE pre_test_score IS NOT NULL OR post_test_score IS NOT NULL)::int AS scored,
    sum(pre_test_score)::float8 AS pre_sum, count(pre_test_score)::int AS pre_n,
    sum(post_test_score)::float8 AS post_sum, count(post_test_score)::int AS post_n,
    sum(post_test_score - pre_test_score)::float8 AS gain_sum,
    count(*) FILTER (WHERE pre_test_score IS NOT NULL AND post_test_score IS NOT NULL)::int AS gain_n
  FROM participation GROUP BY code),
held AS (
  ${
    place
      ? `SELECT t.${place} AS code,
    count(*) FILTER (WHERE t.level = 'KECAMATAN_TRAINING' AND t.status = 'COMPLETED')::int AS kecamatan_trainings_held,
    count(*) FILTER (WHERE t.level = 'KECAMATAN_TRAINING' AND t.status IN ('PLANNED', 'ONGOING'))::int AS kecamatan_trainings_planned,
    count(*) FILTER (WHERE t.level = 'VILLAGE_SESSION' AND t.status = 'COMPLETED')::int AS village_sessions_held
  FROM training t WHERE t.${place} IN (SELECT code FROM region) AND ${trainingInScope} GROUP BY t.${place}`
      : "SELECT NULL::text AS code, 0 AS kecamatan_trainings_held, 0 AS kecamatan_trainings_planned, 0 AS village_sessions_held WHERE false"
  }),
kecamatan_total AS (
  ${
    kecamatanGroup
      ? `SELECT ${kecamatanGroup} AS code, count(*)::int AS n FROM kecamatan k WHERE ${kecamatanGroup} IN (SELECT code FROM region) GROUP BY 1`
      : "SELECT NULL::text AS code, 0 AS n WHERE false"
  }),
kabupaten_trainers AS (
  SELECT p.home_kabupaten_code AS kabupaten, count(DISTINCT p.id)::int AS n
  FROM enrollment e JOIN training t ON t.id = e.training_id JOIN person p ON p.id = e.person_id
  WHERE e.role = 'PARTICIPANT' AND e.certified_trainer AND t.level = 'PROVINCIAL_TOT' AND ${trainingInScope}
    ${kabupatenGroup ? `AND p.home_kabupaten_code IN (SELECT kb.code FROM kabupaten kb WHERE ${kabupatenGroup} IN (SELECT code FROM region))` : "AND false"}
  GROUP BY 1),
kabupaten_target AS (
  ${
    kabupatenGroup
      ? `SELECT ${kabupatenGroup} AS code, count(*)::int AS total,
    count(*) FILTER (WHERE coalesce(kt.n, 0) >= $5::int)::int AS meeting
  FROM kabupaten kb LEFT JOIN kabupaten_trainers kt ON kt.kabupaten = kb.code
  WHERE ${kabupatenGroup} IN (SELECT code FROM region) GROUP BY 1`
      : "SELECT NULL::text AS code, 0 AS total, 0 AS meeting WHERE false"
  }),
village_total AS (
  SELECT ${villageTotals.group} AS code, count(*)::int AS n,
    count(*) FILTER (WHERE v.kind = 'DESA')::int AS desa,
    count(*) FILTER (WHERE v.kind = 'KELURAHAN')::int AS kelurahan,
    count(*) FILTER (WHERE v.kind = 'DESA_ADAT')::int AS desa_adat
  FROM ${villageTotals.from} WHERE ${villageTotals.group} IN (SELECT code FROM region) GROUP BY 1)
SELECT r.code,
  coalesce(tot.participants, 0) AS "totParticipants",
  coalesce(tot.certified, 0) AS "certifiedTrainers",
  coalesce(held.kecamatan_trainings_held, 0) AS "kecamatanTrainingsHeld",
  coalesce(held.kecamatan_trainings_planned, 0) AS "kecamatanTrainingsPlanned",
  coalesce(trained.apparatus, 0) AS "kecamatanApparatusTrained",
  coalesce(trained.facilitators, 0) AS "facilitatorsTrained",
  coalesce(trained.kecamatan_covered, 0) AS "kecamatanCovered",
  coalesce(kabupaten_target.total, 0) AS "kabupatenTotal",
  coalesce(kabupaten_target.meeting, 0) AS "kabupatenMeetingTrainerTarget",
  coalesce(kecamatan_total.n, 0) AS "kecamatanTotal",
  coalesce(held.village_sessions_held, 0) AS "villageSessionsHeld",
  coalesce(reached.villages, 0) AS "villagesReached",
  coalesce(reached.desa, 0) AS "desaReached",
  coalesce(reached.kelurahan, 0) AS "kelurahanReached",
  coalesce(reached.desa_adat, 0) AS "desaAdatReached",
  coalesce(village_total.n, 0) AS "villagesTotal",
  coalesce(village_total.desa, 0) AS "desaTotal",
  coalesce(village_total.kelurahan, 0) AS "kelurahanTotal",
  coalesce(village_total.desa_adat, 0) AS "desaAdatTotal",
  coalesce(scores.pre_sum, 0) AS "preTestSum", coalesce(scores.pre_n, 0) AS "preTestCount",
  coalesce(scores.post_sum, 0) AS "postTestSum", coalesce(scores.post_n, 0) AS "postTestCount",
  coalesce(scores.gain_sum, 0) AS "gainSum", coalesce(scores.gain_n, 0) AS "gainCount"
FROM region r
LEFT JOIN tot ON tot.code = r.code
LEFT JOIN trained ON trained.code = r.code
LEFT JOIN reached ON reached.code = r.code
LEFT JOIN scores ON scores.code = r.code
LEFT JOIN held ON held.code = r.code
LEFT JOIN kecamatan_total ON kecamatan_total.code = r.code
LEFT JOIN kabupaten_target ON kabupaten_target.code = r.code
LEFT JOIN village_total ON village_total.code = r.code
ORDER BY r.code`;
}
