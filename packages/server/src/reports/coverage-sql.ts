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
const villageKindCounts = (source: string) => `count(*)::int AS n,
    count(*) FILTER (WHERE ${source}.kind = 'DESA')::int AS desa,
    count(*) FILTER (WHERE ${source}.kind = 'KELURAHAN')::int AS kelurahan,
    count(*) FILTER (WHERE ${source}.kind = 'DESA_ADAT')::int AS desa_adat`;

/** Villages (by kind) per region of each level, among the regions in scope. */
const villageTotalsOfLevel: Record<RegionLevel, string> = {
  // Per kecamatan first (a hash of 7,285 groups), then per province: grouping all 83,762 villages
  // by a computed province code directly makes PostgreSQL sort them, and the sort spills to disk.
  PROVINCE: `SELECT left(kecamatan_code, 2) AS code, sum(n)::int AS n, sum(desa)::int AS desa,
    sum(kelurahan)::int AS kelurahan, sum(desa_adat)::int AS desa_adat
  FROM (SELECT v.kecamatan_code, ${villageKindCounts("v")} FROM village v GROUP BY v.kecamatan_code) by_kecamatan
  WHERE left(kecamatan_code, 2) IN (SELECT code FROM region) GROUP BY 1`,
  // Through kecamatan, whose kabupaten_code is indexed: left(v.code, 5) would scan every village.
  KABUPATEN: `SELECT vk.kabupaten_code AS code, ${villageKindCounts("v")}
  FROM village v JOIN kecamatan vk ON vk.code = v.kecamatan_code
  WHERE vk.kabupaten_code IN (SELECT code FROM region) GROUP BY 1`,
  KECAMATAN: `SELECT v.kecamatan_code AS code, ${villageKindCounts("v")}
  FROM village v WHERE v.kecamatan_code IN (SELECT code FROM region) GROUP BY 1`,
  VILLAGE: `SELECT v.code, ${villageKindCounts("v")} FROM village v WHERE v.code IN (SELECT code FROM region) GROUP BY 1`,
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
-- Every indicator of the people in one pass over the joined enrollments: a CTE read once is
-- inlined, where four separate aggregates would materialise and re-read it.
-- A village's kind is the first digit of its last segment (1 kelurahan, 2 desa, 3 desa adat):
-- read from the code, it needs no lookup in the village table.
agg AS (
  SELECT code,
    count(*) FILTER (WHERE level = 'PROVINCIAL_TOT')::int AS tot_participants,
    count(DISTINCT person_id) FILTER (WHERE level = 'PROVINCIAL_TOT' AND certified_trainer)::int AS certified,
    count(DISTINCT person_id) FILTER (WHERE kecamatan_trained AND institution = 'KECAMATAN')::int AS apparatus,
    count(DISTINCT person_id) FILTER (WHERE kecamatan_trained AND institution = 'FASILITATOR_KECAMATAN')::int AS facilitators,
    count(DISTINCT home_kecamatan_code) FILTER (WHERE kecamatan_trained)::int AS kecamatan_covered,
    count(DISTINCT home_village_code) FILTER (WHERE village_reached)::int AS villages,
    count(DISTINCT home_village_code) FILTER (WHERE village_reached AND substr(home_village_code, 10, 1) = '2')::int AS desa,
    count(DISTINCT home_village_code) FILTER (WHERE village_reached AND substr(home_village_code, 10, 1) = '1')::int AS kelurahan,
    count(DISTINCT home_village_code) FILTER (WHERE village_reached AND substr(home_village_code, 10, 1) = '3')::int AS desa_adat,
    sum(pre_test_score)::float8 AS pre_sum, count(pre_test_score)::int AS pre_n,
    sum(post_test_score)::float8 AS post_sum, count(post_test_score)::int AS post_n,
    sum(post_test_score - pre_test_score)::float8 AS gain_sum,
    count(*) FILTER (WHERE pre_test_score IS NOT NULL AND post_test_score IS NOT NULL)::int AS gain_n
  FROM (
    SELECT *,
      level = 'KECAMATAN_TRAINING' AND status = 'COMPLETED' AND completed AS kecamatan_trained,
      level = 'VILLAGE_SESSION' AND status = 'COMPLETED' AND home_village_code IS NOT NULL AS village_reached
    FROM participation) x
  GROUP BY code),
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
  ${villageTotalsOfLevel[level]})
SELECT r.code,
  coalesce(agg.tot_participants, 0) AS "totParticipants",
  coalesce(agg.certified, 0) AS "certifiedTrainers",
  coalesce(held.kecamatan_trainings_held, 0) AS "kecamatanTrainingsHeld",
  coalesce(held.kecamatan_trainings_planned, 0) AS "kecamatanTrainingsPlanned",
  coalesce(agg.apparatus, 0) AS "kecamatanApparatusTrained",
  coalesce(agg.facilitators, 0) AS "facilitatorsTrained",
  coalesce(agg.kecamatan_covered, 0) AS "kecamatanCovered",
  coalesce(kabupaten_target.total, 0) AS "kabupatenTotal",
  coalesce(kabupaten_target.meeting, 0) AS "kabupatenMeetingTrainerTarget",
  coalesce(kecamatan_total.n, 0) AS "kecamatanTotal",
  coalesce(held.village_sessions_held, 0) AS "villageSessionsHeld",
  coalesce(agg.villages, 0) AS "villagesReached",
  coalesce(agg.desa, 0) AS "desaReached",
  coalesce(agg.kelurahan, 0) AS "kelurahanReached",
  coalesce(agg.desa_adat, 0) AS "desaAdatReached",
  coalesce(village_total.n, 0) AS "villagesTotal",
  coalesce(village_total.desa, 0) AS "desaTotal",
  coalesce(village_total.kelurahan, 0) AS "kelurahanTotal",
  coalesce(village_total.desa_adat, 0) AS "desaAdatTotal",
  coalesce(agg.pre_sum, 0) AS "preTestSum", coalesce(agg.pre_n, 0) AS "preTestCount",
  coalesce(agg.post_sum, 0) AS "postTestSum", coalesce(agg.post_n, 0) AS "postTestCount",
  coalesce(agg.gain_sum, 0) AS "gainSum", coalesce(agg.gain_n, 0) AS "gainCount"
FROM region r
LEFT JOIN agg ON agg.code = r.code
LEFT JOIN held ON held.code = r.code
LEFT JOIN kecamatan_total ON kecamatan_total.code = r.code
LEFT JOIN kabupaten_target ON kabupaten_target.code = r.code
LEFT JOIN village_total ON village_total.code = r.code
ORDER BY r.code`;
}
