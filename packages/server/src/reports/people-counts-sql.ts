import type { RegionLevel } from "../schema/region-codes.js";
import type { CoverageCounts } from "./coverage.js";
import type { PlaceCounts } from "./place-counts-sql.js";
import { homeColumnOfLevel, parameterTypes, participantsLivingIn, regionsAskedFor } from "./coverage-sql.js";

/** The kabupaten inside each region of a level (none inside a kecamatan or village). */
const kabupatenGroupOfLevel: Record<RegionLevel, string | null> = {
  PROVINCE: "kb.province_code",
  KABUPATEN: "kb.code",
  KECAMATAN: null,
  VILLAGE: null,
};

/** What `peopleCountsSql` gives for each region: every count but those of places (see place-counts-sql.ts). */
export type PeopleCounts = Omit<CoverageCounts, keyof PlaceCounts>;

/** A participant who completed a completed kecamatan training. */
const kecamatanTrained = "t.level = 'KECAMATAN_TRAINING' AND t.status = 'COMPLETED' AND e.completed";
/** A participant of a completed village session: their village counts as reached. */
const villageSessionCompleted = "t.level = 'VILLAGE_SESSION' AND t.status = 'COMPLETED'";

/**
 * The indicators counted over the people who live in each region ($1 codes, $2–$4 the filter,
 * $5 the trainer target): one pass over their enrolments, grouped by region.
 */
export function peopleCountsSql(level: RegionLevel): string {
  const home = `p.${homeColumnOfLevel[level]}`;
  const kabupatenGroup = kabupatenGroupOfLevel[level];
  return `
WITH ${parameterTypes(5)},
${regionsAskedFor(level)},
participation AS (
  SELECT ${home} AS code, t.level = 'PROVINCIAL_TOT' AS tot,
    CASE WHEN t.level = 'PROVINCIAL_TOT' AND e.certified_trainer THEN p.id END AS certified_person,
    CASE WHEN ${kecamatanTrained} AND p.institution = 'KECAMATAN' THEN p.id END AS apparatus_person,
    CASE WHEN ${kecamatanTrained} AND p.institution = 'FASILITATOR_KECAMATAN' THEN p.id END AS facilitator_person,
    CASE WHEN ${kecamatanTrained} THEN p.home_kecamatan_code END AS trained_kecamatan,
    CASE WHEN ${villageSessionCompleted} AND substr(p.home_village_code, 10, 1) = '2' THEN p.home_village_code END AS desa,
    CASE WHEN ${villageSessionCompleted} AND substr(p.home_village_code, 10, 1) = '1' THEN p.home_village_code END AS kelurahan,
    CASE WHEN ${villageSessionCompleted} AND substr(p.home_village_code, 10, 1) = '3' THEN p.home_village_code END AS desa_adat,
    e.pre_test_score AS pre, e.post_test_score AS post
  ${participantsLivingIn(level)}),
-- Every indicator of the people in one pass: a CTE read once is inlined, where a second reader
-- would make PostgreSQL materialise the country's 60,000 joined rows, which costs about as much
-- as joining them again (the scores by module are a statement of their own, run alongside).
-- Each distinct count reads a column that is null where the row does not count. A village's
-- kind is the first digit of its last segment (1 kelurahan, 2 desa, 3 desa adat): read from the
-- code it needs no lookup, and as every code has one of the three, the villages reached are the
-- three kinds' sum rather than a fourth distinct count over the same codes.
agg AS (
  SELECT code,
    count(*) FILTER (WHERE tot)::int AS tot_participants,
    count(DISTINCT certified_person)::int AS certified,
    count(DISTINCT apparatus_person)::int AS apparatus,
    count(DISTINCT facilitator_person)::int AS facilitators,
    count(DISTINCT trained_kecamatan)::int AS kecamatan_covered,
    count(DISTINCT desa)::int AS desa,
    count(DISTINCT kelurahan)::int AS kelurahan,
    count(DISTINCT desa_adat)::int AS desa_adat,
    sum(pre)::float8 AS pre_sum, count(pre)::int AS pre_n,
    sum(post)::float8 AS post_sum, count(post)::int AS post_n,
    sum(post - pre)::float8 AS gain_sum, count(post - pre)::int AS gain_n
  FROM participation
  GROUP BY code),
kabupaten_target AS (
  ${
    kabupatenGroup
      ? `SELECT ${kabupatenGroup} AS code, count(*)::int AS total,
    count(*) FILTER (WHERE coalesce(trainers.n, 0) >= $5::int)::int AS meeting
  FROM kabupaten kb
  LEFT JOIN (
    SELECT p.home_kabupaten_code AS kabupaten, count(DISTINCT p.id) AS n
    ${participantsLivingIn(level, "t.level = 'PROVINCIAL_TOT' AND e.certified_trainer")}
    GROUP BY 1) trainers ON trainers.kabupaten = kb.code
  WHERE ${kabupatenGroup} = ANY($1::text[]) GROUP BY 1`
      : "SELECT NULL::text AS code, 0 AS total, 0 AS meeting WHERE false"
  })
SELECT r.code,
  coalesce(agg.tot_participants, 0) AS "totParticipants",
  coalesce(agg.certified, 0) AS "certifiedTrainers",
  coalesce(kabupaten_target.total, 0) AS "kabupatenTotal",
  coalesce(kabupaten_target.meeting, 0) AS "kabupatenMeetingTrainerTarget",
  coalesce(agg.apparatus, 0) AS "kecamatanApparatusTrained",
  coalesce(agg.facilitators, 0) AS "facilitatorsTrained",
  coalesce(agg.kecamatan_covered, 0) AS "kecamatanCovered",
  coalesce(agg.desa + agg.kelurahan + agg.desa_adat, 0) AS "villagesReached",
  coalesce(agg.desa, 0) AS "desaReached",
  coalesce(agg.kelurahan, 0) AS "kelurahanReached",
  coalesce(agg.desa_adat, 0) AS "desaAdatReached",
  coalesce(agg.pre_sum, 0) AS "preTestSum", coalesce(agg.pre_n, 0) AS "preTestCount",
  coalesce(agg.post_sum, 0) AS "postTestSum", coalesce(agg.post_n, 0) AS "postTestCount",
  coalesce(agg.gain_sum, 0) AS "gainSum", coalesce(agg.gain_n, 0) AS "gainCount"
FROM region r
LEFT JOIN agg ON agg.code = r.code
LEFT JOIN kabupaten_target ON kabupaten_target.code = r.code
ORDER BY r.code`;
}
