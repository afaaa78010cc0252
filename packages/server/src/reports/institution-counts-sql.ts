import type { RegionLevel } from "../schema/region-codes.js";
import { homeColumnOfLevel, parameterTypes, participantsLivingIn } from "./coverage-sql.js";

/**
 * ToT participants and the distinct people certified, per region ($1 codes, $2–$4 the filter)
 * and institution, in the order of the Institution enum. Only the ToTs' enrolments are read,
 * through the index on their training. Counts, so that a parent's are its children's added up.
 */
export const institutionCountsSql = (level: RegionLevel) => `
WITH ${parameterTypes(4)}
SELECT p.${homeColumnOfLevel[level]} AS code, p.institution::text AS institution, count(*)::int AS participants,
  count(DISTINCT p.id) FILTER (WHERE e.certified_trainer)::int AS "certifiedTrainers"
${participantsLivingIn(level, "t.level = 'PROVINCIAL_TOT'")}
GROUP BY 1, p.institution ORDER BY 1, p.institution`;
