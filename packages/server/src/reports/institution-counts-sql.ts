import type { RegionLevel } from "../regions/codes.js";
import { homeColumnOfLevel, parameterTypes, participantsLivingIn } from "./coverage-sql.js";

/**
 * ToT participants and the distinct people certified, per region ($1 codes, $2–$4 the filter)
 * and institution, in the order of the Institution enum. Counts, so that a parent's are its
 * children's added up.
 */
export const institutionCountsSql = (level: RegionLevel) => `
WITH ${parameterTypes(4)}
SELECT pa.${homeColumnOfLevel[level]} AS code, pa.institution::text AS institution, count(*)::int AS participants,
  count(DISTINCT pa.person_id) FILTER (WHERE pa.certified_trainer)::int AS "certifiedTrainers"
${participantsLivingIn(level, "pa.training_level = 'PROVINCIAL_TOT'")}
GROUP BY 1, pa.institution ORDER BY 1, pa.institution`;
