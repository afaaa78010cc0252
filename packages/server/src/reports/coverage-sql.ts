import type { RegionLevel } from "../regions/codes.js";

/**
 * What every coverage statement shares. Each statement computes its indicators for a list of
 * regions of one level at once, grouped in the database. Table and column names come from the
 * fixed maps below, never from input; values travel as parameters: $1 the region codes (text[]),
 * $2 stage number, $3 from date, $4 to date (each optional), and, where a statement needs it,
 * $5 the certified-trainer target per kabupaten.
 */

export const regionTableOfLevel: Record<RegionLevel, { table: string; parentColumn: string | null }> = {
  PROVINCE: { table: "province", parentColumn: null },
  KABUPATEN: { table: "kabupaten", parentColumn: "province_code" },
  KECAMATAN: { table: "kecamatan", parentColumn: "kabupaten_code" },
  VILLAGE: { table: "village", parentColumn: "kecamatan_code" },
};

/** The column of `person` (and of `participation`) that places someone's home in a region of this level. */
export const homeColumnOfLevel: Record<RegionLevel, string> = {
  PROVINCE: "home_province_code",
  KABUPATEN: "home_kabupaten_code",
  KECAMATAN: "home_kecamatan_code",
  VILLAGE: "home_village_code",
};

/**
 * Declares the type of every parameter, whichever of them a statement uses (PostgreSQL refuses a
 * parameter it cannot type). Never read.
 */
export const parameterTypes = (count: 4 | 5) =>
  `params AS (SELECT $1::text[], $2::int, $3::date, $4::date${count === 5 ? ", $5::int" : ""})`;

/** The same for statements over the summaries: $1 the region codes, $2 the stage bucket (see summary-sql.ts). */
export const summaryParameterTypes = "params AS (SELECT $1::text[], $2::int)";

/** The regions asked for that exist: a code no region has gets no row. */
export const regionsAskedFor = (level: RegionLevel) =>
  `region AS (SELECT r.code FROM ${regionTableOfLevel[level].table} r WHERE r.code = ANY($1::text[]))`;

/**
 * Trainings in scope: not cancelled, in the stage (a ToT of it, or later levels in its provinces),
 * in the dates. `training` prefixes the training's columns: "t." for the training table (alias
 * t), "pa.training_" for their copies in participation.
 */
export const trainingInScope = (training: "t." | "pa.training_") => `
  ${training}status <> 'CANCELLED'
  AND ($2::int IS NULL OR (CASE WHEN ${training}level = 'PROVINCIAL_TOT' THEN ${training}stage_number = $2::int
       ELSE ${training}province_code IN (SELECT sp.province_code FROM stage_province sp WHERE sp.stage_number = $2::int) END))
  AND ($3::date IS NULL OR ${training}starts_on >= $3::date)
  AND ($4::date IS NULL OR ${training}starts_on <= $4::date)`;

/**
 * Villages' residents are found through their kecamatan (the first 8 characters of a village's
 * code), whose column participation has an index on: a village column index would cost every
 * write for the few reads of villages.
 */
const villagesKecamatan = `
    AND pa.home_kecamatan_code = ANY(ARRAY(SELECT DISTINCT left(v.code, 8) FROM unnest($1::text[]) v(code)))`;

/**
 * Participant enrolments in trainings in scope of people living in one of the regions asked for,
 * as a FROM … WHERE clause over participation (alias pa: each enrolment with its training's and
 * its participant's columns, so that no join is needed); `restriction` narrows it further (e.g.
 * to ToTs). People count where they live, trainings wherever they were held.
 */
export const participantsLivingIn = (level: RegionLevel, restriction = "true") => `
  FROM participation pa
  WHERE pa.${homeColumnOfLevel[level]} = ANY($1::text[])${level === "VILLAGE" ? villagesKecamatan : ""} AND (${restriction}) AND ${trainingInScope("pa.training_")}`;

/**
 * The people counts' output columns, from the columns of two sources (`tot`: tot_participants and
 * certified; `people`: every other count and the score sums), a region without rows counting zero.
 * The summaries and the scan compute them differently but name them alike, so both statements
 * answer in the same shape (coverage-rows.ts).
 */
export const peopleCountColumns = (sources: { tot: string; people: string }) => {
  const { tot, people } = sources;
  return `coalesce(${tot}.tot_participants, 0) AS "totParticipants",
  coalesce(${tot}.certified, 0) AS "certifiedTrainers",
  coalesce(${people}.apparatus, 0) AS "kecamatanApparatusTrained",
  coalesce(${people}.facilitators, 0) AS "facilitatorsTrained",
  coalesce(${people}.kecamatan_covered, 0) AS "kecamatanCovered",
  coalesce(${people}.desa + ${people}.kelurahan + ${people}.desa_adat, 0) AS "villagesReached",
  coalesce(${people}.desa, 0) AS "desaReached",
  coalesce(${people}.kelurahan, 0) AS "kelurahanReached",
  coalesce(${people}.desa_adat, 0) AS "desaAdatReached",
  coalesce(${people}.pre_sum, 0) AS "preTestSum", coalesce(${people}.pre_n, 0) AS "preTestCount",
  coalesce(${people}.post_sum, 0) AS "postTestSum", coalesce(${people}.post_n, 0) AS "postTestCount",
  coalesce(${people}.gain_sum, 0) AS "gainSum", coalesce(${people}.gain_n, 0) AS "gainCount"`;
};
