import type { RegionLevel } from "../regions/codes.js";
import type { CoverageCounts } from "./coverage-counts.js";
import type { PlaceCounts } from "./place-counts-sql.js";
import { homeColumnOfLevel, parameterTypes, peopleCountColumns, participantsLivingIn, regionsAskedFor } from "./coverage-sql.js";

/** The kabupaten inside each region of a level (none inside a kecamatan or village). */
const kabupatenGroupOfLevel: Record<RegionLevel, string | null> = {
  PROVINCE: "kb.province_code",
  KABUPATEN: "kb.code",
  KECAMATAN: null,
  VILLAGE: null,
};

/** What `peopleCountsSql` gives for each region: every count but those of places (see place-counts-sql.ts). */
export type PeopleCounts = Omit<CoverageCounts, keyof PlaceCounts>;

/**
 * What a participant enrolment counts towards, as a small number: at most one of these, as an
 * enrolment is in one training of one level. A village's kind is the first digit of the last
 * segment of its code (1 kelurahan, 2 desa, 3 desa adat).
 */
const reach = {
  certifiedTrainer: 1,
  apparatusTrained: 2,
  facilitatorTrained: 3,
  otherKecamatanTrained: 4,
  desa: 5,
  kelurahan: 6,
  desaAdat: 7,
} as const;

const reachOfEnrolment = `CASE pa.training_level
      WHEN 'PROVINCIAL_TOT' THEN CASE WHEN pa.certified_trainer THEN ${reach.certifiedTrainer} END
      WHEN 'KECAMATAN_TRAINING' THEN CASE WHEN pa.training_status = 'COMPLETED' AND pa.completed THEN CASE pa.institution
        WHEN 'KECAMATAN' THEN ${reach.apparatusTrained} WHEN 'FASILITATOR_KECAMATAN' THEN ${reach.facilitatorTrained}
        ELSE ${reach.otherKecamatanTrained} END END
      WHEN 'VILLAGE_SESSION' THEN CASE WHEN pa.training_status = 'COMPLETED' THEN CASE substr(pa.home_village_code, 10, 1)
        WHEN '2' THEN ${reach.desa} WHEN '1' THEN ${reach.kelurahan} WHEN '3' THEN ${reach.desaAdat} END END
    END`;

/**
 * The indicators counted over the people who live in each region ($1 codes, $2–$4 the filter,
 * $5 the trainer target): one pass over their enrolments, grouped by region.
 */
export function peopleCountsSql(level: RegionLevel): string {
  const kabupatenGroup = kabupatenGroupOfLevel[level];
  const kecamatanTrained = [reach.apparatusTrained, reach.facilitatorTrained, reach.otherKecamatanTrained].join(", ");
  return `
WITH ${parameterTypes(5)},
${regionsAskedFor(level)},
-- What each enrolment counts towards, worked out once: OFFSET 0 keeps the planner from copying
-- the CASE into each of the filters below, which would evaluate it seven times per enrolment.
-- ORDER BY lets the index on the home column hand the enrolments over grouped by region, where
-- the aggregate below would otherwise sort all of them again (spilling to disk, nationally).
enrolment AS (
  SELECT pa.${homeColumnOfLevel[level]} AS code, ${reachOfEnrolment} AS reach,
    pa.person_id AS person, pa.home_kecamatan_code AS kecamatan, pa.home_village_code AS village,
    pa.training_level = 'PROVINCIAL_TOT' AS tot, pa.pre_test_score AS pre, pa.post_test_score AS post
  ${participantsLivingIn(level)}
  ORDER BY code OFFSET 0),
-- Every indicator of the people in one pass over their enrolments (a second reader of the CTE
-- would make PostgreSQL materialise the country's 60,000 of them first; the scores by module are a
-- statement of their own, run alongside). As every village code has one of the three kinds, the
-- villages reached are the three kinds' sum rather than a fourth distinct count over the codes.
agg AS (
  SELECT code,
    count(*) FILTER (WHERE tot)::int AS tot_participants,
    count(DISTINCT person) FILTER (WHERE reach = ${reach.certifiedTrainer})::int AS certified,
    count(DISTINCT person) FILTER (WHERE reach = ${reach.apparatusTrained})::int AS apparatus,
    count(DISTINCT person) FILTER (WHERE reach = ${reach.facilitatorTrained})::int AS facilitators,
    count(DISTINCT kecamatan) FILTER (WHERE reach IN (${kecamatanTrained}))::int AS kecamatan_covered,
    count(DISTINCT village) FILTER (WHERE reach = ${reach.desa})::int AS desa,
    count(DISTINCT village) FILTER (WHERE reach = ${reach.kelurahan})::int AS kelurahan,
    count(DISTINCT village) FILTER (WHERE reach = ${reach.desaAdat})::int AS desa_adat,
    sum(pre)::float8 AS pre_sum, count(pre)::int AS pre_n,
    sum(post)::float8 AS post_sum, count(post)::int AS post_n,
    sum(post - pre)::float8 AS gain_sum, count(post - pre)::int AS gain_n
  FROM enrolment
  GROUP BY code),
kabupaten_target AS (
  ${
    kabupatenGroup
      ? `SELECT ${kabupatenGroup} AS code, count(*)::int AS total,
    count(*) FILTER (WHERE coalesce(trainers.n, 0) >= $5::int)::int AS meeting
  FROM kabupaten kb
  LEFT JOIN (
    SELECT pa.home_kabupaten_code AS kabupaten, count(DISTINCT pa.person_id) AS n
    ${participantsLivingIn(level, "pa.training_level = 'PROVINCIAL_TOT' AND pa.certified_trainer")}
    GROUP BY 1) trainers ON trainers.kabupaten = kb.code
  WHERE ${kabupatenGroup} = ANY($1::text[]) GROUP BY 1`
      : "SELECT NULL::text AS code, 0 AS total, 0 AS meeting WHERE false"
  })
SELECT r.code,
  ${peopleCountColumns({ tot: "agg", people: "agg" })},
  coalesce(kabupaten_target.total, 0) AS "kabupatenTotal",
  coalesce(kabupaten_target.meeting, 0) AS "kabupatenMeetingTrainerTarget"
FROM region r
LEFT JOIN agg ON agg.code = r.code
LEFT JOIN kabupaten_target ON kabupaten_target.code = r.code
ORDER BY r.code`;
}
