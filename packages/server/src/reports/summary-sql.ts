import type { RegionLevel } from "../regions/codes.js";
import type { PeopleCounts } from "./people-counts-sql.js";
import { homeColumnOfLevel, peopleCountColumns, regionsAskedFor, summaryParameterTypes } from "./coverage-sql.js";

/**
 * Coverage read from the summaries the triggers of the coverage_summaries migration keep per home
 * region and stage bucket, for the reports without dates: each statement reads summary rows, a
 * few per region of the tree, however many enrolments there are. Parameters: $1 the region codes
 * (text[]), $2 the stage bucket (0 for every stage). Column names come from the fixed maps, never
 * from input.
 */

/** What `peopleSummarySql` gives for each region: the people counts but the trainer target's. */
export type SummarizedPeopleCounts = Omit<PeopleCounts, "kabupatenTotal" | "kabupatenMeetingTrainerTarget">;

/**
 * A region's counts of people and villages: the sums of its home regions' summary rows. A village
 * report counts the kecamatan its residents cover, which the village's own row holds; every other
 * level counts each kecamatan once, from the kecamatan's row.
 */
export function peopleSummarySql(level: RegionLevel): string {
  const home = homeColumnOfLevel[level];
  const kecamatanCovered = level === "VILLAGE" ? "village_kecamatan_covered" : "kecamatan_covered";
  return `
WITH ${summaryParameterTypes},
${regionsAskedFor(level)},
people AS (
  SELECT s.${home} AS code, sum(s.apparatus_trained)::int AS apparatus, sum(s.facilitators_trained)::int AS facilitators,
    sum(s.${kecamatanCovered})::int AS kecamatan_covered, sum(s.desa_reached)::int AS desa,
    sum(s.kelurahan_reached)::int AS kelurahan, sum(s.desa_adat_reached)::int AS desa_adat,
    sum(s.pre_test_sum)::float8 AS pre_sum, sum(s.pre_test_count)::int AS pre_n,
    sum(s.post_test_sum)::float8 AS post_sum, sum(s.post_test_count)::int AS post_n,
    sum(s.gain_sum)::float8 AS gain_sum, sum(s.gain_count)::int AS gain_n
  FROM coverage_summary s WHERE s.${home} = ANY($1::text[]) AND s.stage_bucket = $2::int GROUP BY 1),
tot AS (
  SELECT i.${home} AS code, sum(i.tot_participants)::int AS tot_participants, sum(i.certified_trainers)::int AS certified
  FROM coverage_institution_summary i WHERE i.${home} = ANY($1::text[]) AND i.stage_bucket = $2::int GROUP BY 1)
SELECT r.code,
  ${peopleCountColumns({ tot: "tot", people: "people" })}
FROM region r
LEFT JOIN people ON people.code = r.code
LEFT JOIN tot ON tot.code = r.code
ORDER BY r.code`;
}

/** The kabupaten inside each region of a level (none inside a kecamatan or village). */
const kabupatenGroupOfLevel: Record<RegionLevel, string | null> = {
  PROVINCE: "kb.province_code",
  KABUPATEN: "kb.code",
  KECAMATAN: null,
  VILLAGE: null,
};

/**
 * The certified trainers living in each kabupaten of the regions, one row per kabupaten (none
 * below kabupaten level): what a trainer target is compared with, outside the statement, so the
 * rows serve every target.
 */
export function kabupatenTrainersSql(level: RegionLevel): string {
  const group = kabupatenGroupOfLevel[level];
  if (!group) return `WITH ${summaryParameterTypes} SELECT NULL::text AS code, 0 AS trainers WHERE false`;
  return `
WITH ${summaryParameterTypes},
trainers AS (
  SELECT i.home_kabupaten_code AS kabupaten, sum(i.certified_trainers)::int AS n
  FROM coverage_institution_summary i JOIN kabupaten kb ON kb.code = i.home_kabupaten_code
  WHERE ${group} = ANY($1::text[]) AND i.stage_bucket = $2::int GROUP BY 1)
SELECT ${group} AS code, coalesce(trainers.n, 0) AS trainers
FROM kabupaten kb LEFT JOIN trainers ON trainers.kabupaten = kb.code
WHERE ${group} = ANY($1::text[])
ORDER BY 1, kb.code`;
}

/** ToT participants and certified trainers per region and institution, only institutions with participants. */
export const institutionSummarySql = (level: RegionLevel) => `
WITH ${summaryParameterTypes}
SELECT i.${homeColumnOfLevel[level]} AS code, i.institution::text AS institution, sum(i.tot_participants)::int AS participants,
  sum(i.certified_trainers)::int AS "certifiedTrainers"
FROM coverage_institution_summary i WHERE i.${homeColumnOfLevel[level]} = ANY($1::text[]) AND i.stage_bucket = $2::int
GROUP BY 1, i.institution HAVING sum(i.tot_participants) > 0 ORDER BY 1, i.institution`;

/** The levels whose module scores the summaries hold: down to the kecamatan (see the module_summary_by_kecamatan migration). */
export type ModuleSummaryLevel = Exclude<RegionLevel, "VILLAGE">;

/** Test scores per region and module, only modules some enrolment of the regions' people covered. */
export const moduleSummarySql = (level: ModuleSummaryLevel) => `
WITH ${summaryParameterTypes}
SELECT s.${homeColumnOfLevel[level]} AS code, m.number AS "moduleNumber", m.name, m.name_en AS "nameEn",
  sum(s.participants)::int AS participants,
  sum(s.pre_test_sum)::float8 AS "preTestSum", sum(s.pre_test_count)::int AS "preTestCount",
  sum(s.post_test_sum)::float8 AS "postTestSum", sum(s.post_test_count)::int AS "postTestCount",
  sum(s.gain_sum)::float8 AS "gainSum", sum(s.gain_count)::int AS "gainCount"
FROM coverage_module_summary s JOIN curriculum_module m ON m.number = s.module_number
WHERE s.${homeColumnOfLevel[level]} = ANY($1::text[]) AND s.stage_bucket = $2::int
GROUP BY 1, m.number HAVING sum(s.enrolments) > 0 ORDER BY 1, m.number`;
