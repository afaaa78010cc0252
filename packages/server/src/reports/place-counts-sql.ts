import type { RegionLevel } from "../regions/codes.js";
import type { CoverageCounts } from "./coverage-counts.js";
import { parameterTypes, regionsAskedFor, summaryParameterTypes, trainingInScope } from "./coverage-sql.js";

/** The column of `training` that places it in a region of this level (none below kecamatan). */
const trainingColumnOfLevel: Record<RegionLevel, string | null> = {
  PROVINCE: "province_code",
  KABUPATEN: "kabupaten_code",
  KECAMATAN: "kecamatan_code",
  VILLAGE: null,
};

/** Kecamatan per region of each level, grouped on an indexed column where there is one. */
const kecamatanGroupOfLevel: Record<RegionLevel, string | null> = {
  PROVINCE: "left(k.code, 2)",
  KABUPATEN: "k.kabupaten_code",
  KECAMATAN: "k.code",
  VILLAGE: null,
};

const villageKindCounts = `count(*)::int AS n,
    count(*) FILTER (WHERE v.kind = 'DESA')::int AS desa,
    count(*) FILTER (WHERE v.kind = 'KELURAHAN')::int AS kelurahan,
    count(*) FILTER (WHERE v.kind = 'DESA_ADAT')::int AS desa_adat`;

/** Villages (by kind) per region of each level, among the regions asked for. */
const villageTotalsOfLevel: Record<RegionLevel, string> = {
  // Per kecamatan first (a hash of 7,285 groups), then per province: grouping all 83,762 villages
  // by a computed province code directly makes PostgreSQL sort them, and the sort spills to disk.
  // Every province is counted: a filter on the province code would be pushed down and computed
  // for each village, which costs more than the few provinces it saves; the join on the
  // regions asked for keeps only theirs.
  PROVINCE: `SELECT left(kecamatan_code, 2) AS code, sum(n)::int AS n, sum(desa)::int AS desa,
    sum(kelurahan)::int AS kelurahan, sum(desa_adat)::int AS desa_adat
  FROM (SELECT v.kecamatan_code, ${villageKindCounts} FROM village v GROUP BY v.kecamatan_code) by_kecamatan
  GROUP BY 1`,
  // Through kecamatan, whose kabupaten_code is indexed: left(v.code, 5) would scan every village.
  KABUPATEN: `SELECT vk.kabupaten_code AS code, ${villageKindCounts}
  FROM village v JOIN kecamatan vk ON vk.code = v.kecamatan_code
  WHERE vk.kabupaten_code = ANY($1::text[]) GROUP BY 1`,
  KECAMATAN: `SELECT v.kecamatan_code AS code, ${villageKindCounts}
  FROM village v WHERE v.kecamatan_code = ANY($1::text[]) GROUP BY 1`,
  VILLAGE: `SELECT v.code, ${villageKindCounts} FROM village v WHERE v.code = ANY($1::text[]) GROUP BY 1`,
};

/** What `placeCountsSql` gives for each region. */
export type PlaceCounts = Pick<
  CoverageCounts,
  | "kecamatanTrainingsHeld"
  | "kecamatanTrainingsPlanned"
  | "villageSessionsHeld"
  | "kecamatanTotal"
  | "villagesTotal"
  | "desaTotal"
  | "kelurahanTotal"
  | "desaAdatTotal"
>;

/** The trainings held in each region, counted over the trainings of the filter ($2–$4). */
const heldInTrainings = (place: string) => `SELECT t.${place} AS code,
    count(*) FILTER (WHERE t.level = 'KECAMATAN_TRAINING' AND t.status = 'COMPLETED')::int AS kecamatan_trainings_held,
    count(*) FILTER (WHERE t.level = 'KECAMATAN_TRAINING' AND t.status IN ('PLANNED', 'ONGOING'))::int AS kecamatan_trainings_planned,
    count(*) FILTER (WHERE t.level = 'VILLAGE_SESSION' AND t.status = 'COMPLETED')::int AS village_sessions_held
  FROM training t WHERE t.${place} = ANY($1::text[]) AND ${trainingInScope("t.")} GROUP BY t.${place}`;

/** The same from training_place_summary, whose place columns are named as training's ($2 the stage bucket). */
const heldInSummaries = (place: string) => `SELECT s.${place} AS code,
    sum(s.kecamatan_trainings_held)::int AS kecamatan_trainings_held,
    sum(s.kecamatan_trainings_planned)::int AS kecamatan_trainings_planned,
    sum(s.village_sessions_held)::int AS village_sessions_held
  FROM training_place_summary s WHERE s.${place} = ANY($1::text[]) AND s.stage_bucket = $2::int GROUP BY 1`;

/**
 * Where the trainings held come from: the trainings themselves ($1 codes, $2–$4 the filter), or
 * their summaries ($1 codes, $2 the stage bucket) for a filter without dates.
 */
export type HeldSource = "trainings" | "summaries";

/**
 * The indicators counted over places in each region: the trainings held there, and the kecamatan
 * and villages it has.
 */
export function placeCountsSql(level: RegionLevel, source: HeldSource): string {
  const place = trainingColumnOfLevel[level];
  const kecamatanGroup = kecamatanGroupOfLevel[level];
  return `
WITH ${source === "trainings" ? parameterTypes(4) : summaryParameterTypes},
${regionsAskedFor(level)},
held AS (
  ${
    place
      ? (source === "trainings" ? heldInTrainings : heldInSummaries)(place)
      : "SELECT NULL::text AS code, 0 AS kecamatan_trainings_held, 0 AS kecamatan_trainings_planned, 0 AS village_sessions_held WHERE false"
  }),
kecamatan_total AS (
  ${
    kecamatanGroup
      ? `SELECT ${kecamatanGroup} AS code, count(*)::int AS n FROM kecamatan k WHERE ${kecamatanGroup} = ANY($1::text[]) GROUP BY 1`
      : "SELECT NULL::text AS code, 0 AS n WHERE false"
  }),
village_total AS (
  ${villageTotalsOfLevel[level]})
SELECT r.code,
  coalesce(held.kecamatan_trainings_held, 0) AS "kecamatanTrainingsHeld",
  coalesce(held.kecamatan_trainings_planned, 0) AS "kecamatanTrainingsPlanned",
  coalesce(held.village_sessions_held, 0) AS "villageSessionsHeld",
  coalesce(kecamatan_total.n, 0) AS "kecamatanTotal",
  coalesce(village_total.n, 0) AS "villagesTotal",
  coalesce(village_total.desa, 0) AS "desaTotal",
  coalesce(village_total.kelurahan, 0) AS "kelurahanTotal",
  coalesce(village_total.desa_adat, 0) AS "desaAdatTotal"
FROM region r
LEFT JOIN held ON held.code = r.code
LEFT JOIN kecamatan_total ON kecamatan_total.code = r.code
LEFT JOIN village_total ON village_total.code = r.code
ORDER BY r.code`;
}
