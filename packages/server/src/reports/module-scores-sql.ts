import type { RegionLevel } from "../regions/codes.js";
import { homeColumnOfLevel, parameterTypes, participantsLivingIn } from "./coverage-sql.js";

// Scores are summed per training first: joining every enrolment to every module its training
// covered would multiply the rows by up to eight before aggregating.
/**
 * Test scores of the participants living in each region ($1 codes, $2–$4 the filter) of the
 * trainings that covered each module, per region and module: sums and counts, never averages,
 * so that a parent's are its children's added up.
 */
export const moduleScoreSumsSql = (level: RegionLevel) => `
WITH ${parameterTypes(4)},
per_training AS (
  SELECT pa.${homeColumnOfLevel[level]} AS code, pa.training_id,
    count(*) FILTER (WHERE pa.pre_test_score IS NOT NULL OR pa.post_test_score IS NOT NULL) AS participants,
    sum(pa.pre_test_score) AS pre_sum, count(pa.pre_test_score) AS pre_n,
    sum(pa.post_test_score) AS post_sum, count(pa.post_test_score) AS post_n,
    sum(pa.post_test_score - pa.pre_test_score) AS gain_sum, count(pa.post_test_score - pa.pre_test_score) AS gain_n
  ${participantsLivingIn(level)}
  GROUP BY 1, 2)
SELECT pt.code, m.number AS "moduleNumber", m.name, m.name_en AS "nameEn",
  sum(pt.participants)::int AS participants,
  coalesce(sum(pt.pre_sum), 0)::float8 AS "preTestSum", sum(pt.pre_n)::int AS "preTestCount",
  coalesce(sum(pt.post_sum), 0)::float8 AS "postTestSum", sum(pt.post_n)::int AS "postTestCount",
  coalesce(sum(pt.gain_sum), 0)::float8 AS "gainSum", sum(pt.gain_n)::int AS "gainCount"
FROM per_training pt
JOIN training_module tm ON tm.training_id = pt.training_id
JOIN curriculum_module m ON m.number = tm.module_number
GROUP BY pt.code, m.number ORDER BY pt.code, m.number`;
