import type { Institution } from "../db/generated/prisma/enums.js";
import type { PrismaClient } from "../db/prisma.js";
import { levelOfCode } from "../schema/region-codes.js";
import type { CoverageFilter } from "./coverage.js";
import { homeColumnOfLevel, trainingInScope } from "./coverage-sql.js";

/**
 * Breakdowns of one region's (or the country's) participants that are not additive counts:
 * ToT participants by institution, and test scores per curriculum module. Same parameters as
 * the coverage rows: $1 region code or null, $2 stage, $3 from, $4 to.
 */
function homeFilter(code: string | null): string {
  if (code === null) return "$1::text IS NULL";
  const level = levelOfCode(code);
  if (!level) throw new Error(`Not a region code: "${code}"`);
  return `p.${homeColumnOfLevel[level]} = $1::text`;
}

const params = (code: string | null, filter: CoverageFilter) => [code, filter.stage ?? null, filter.from ?? null, filter.to ?? null] as const;

export interface InstitutionCount {
  institution: Institution;
  participants: number;
  certifiedTrainers: number;
}

export function totParticipantsByInstitution(prisma: PrismaClient, code: string | null, filter: CoverageFilter): Promise<InstitutionCount[]> {
  return prisma.$queryRawUnsafe<InstitutionCount[]>(
    `SELECT p.institution::text AS institution, count(*)::int AS participants,
            count(DISTINCT p.id) FILTER (WHERE e.certified_trainer)::int AS "certifiedTrainers"
     FROM enrollment e JOIN training t ON t.id = e.training_id JOIN person p ON p.id = e.person_id
     WHERE e.role = 'PARTICIPANT' AND t.level = 'PROVINCIAL_TOT' AND ${homeFilter(code)} AND ${trainingInScope}
     GROUP BY p.institution ORDER BY p.institution`,
    ...params(code, filter),
  );
}

export interface ModuleScores {
  moduleNumber: number;
  participants: number;
  preTestAverage: number | null;
  postTestAverage: number | null;
  gainAverage: number | null;
}

/** Scores of the participants of trainings that covered each module (a training's scores count for every module it covered). */
export function scoresByModule(prisma: PrismaClient, code: string | null, filter: CoverageFilter): Promise<ModuleScores[]> {
  return prisma.$queryRawUnsafe<ModuleScores[]>(
    `SELECT tm.module_number AS "moduleNumber",
            count(*) FILTER (WHERE e.pre_test_score IS NOT NULL OR e.post_test_score IS NOT NULL)::int AS participants,
            avg(e.pre_test_score)::float8 AS "preTestAverage",
            avg(e.post_test_score)::float8 AS "postTestAverage",
            avg(e.post_test_score - e.pre_test_score)::float8 AS "gainAverage"
     FROM enrollment e JOIN training t ON t.id = e.training_id JOIN person p ON p.id = e.person_id
     JOIN training_module tm ON tm.training_id = t.id
     WHERE e.role = 'PARTICIPANT' AND ${homeFilter(code)} AND ${trainingInScope}
     GROUP BY tm.module_number ORDER BY tm.module_number`,
    ...params(code, filter),
  );
}
