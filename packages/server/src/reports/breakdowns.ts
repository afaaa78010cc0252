import DataLoader from "dataloader";
import type { Institution } from "../db/generated/prisma/enums.js";
import type { PrismaClient } from "../db/prisma.js";
import { levelOfCode } from "../schema/region-codes.js";
import type { CoverageFilter } from "./coverage.js";
import { homeColumnOfLevel, trainingInScope } from "./coverage-sql.js";
import { cachedReport } from "./report-cache.js";

/**
 * Breakdowns of coverage rows that are not plain counts: ToT participants by institution, and
 * test scores per curriculum module. A coverage answer asks for them on every child row, so they
 * are loaded per request through a DataLoader: one grouped statement for all the regions of a
 * level that share a filter, not one per region.
 */

export interface InstitutionCount {
  institution: Institution;
  participants: number;
  certifiedTrainers: number;
}

export interface ModuleScores {
  moduleNumber: number;
  participants: number;
  preTestAverage: number | null;
  postTestAverage: number | null;
  gainAverage: number | null;
}

/** A region (null: the whole country) and the filter its coverage was asked with. */
export interface BreakdownKey {
  code: string | null;
  filter: CoverageFilter;
}

type Grouped<Row> = Row & { code: string | null };

/**
 * `$1` the region codes (ignored for the country), `$2`–`$4` stage, from, to. The home column
 * groups people by the region they live in at the asked level; the country is one group.
 */
function groupOf(level: ReturnType<typeof levelOfCode> | "COUNTRY"): { code: string; where: string } {
  // The country needs no codes, but $1 must still appear for PostgreSQL to know its type.
  if (level === "COUNTRY" || level === undefined) return { code: "NULL::text", where: "cardinality($1::text[]) >= 0" };
  const column = `p.${homeColumnOfLevel[level]}`;
  return { code: column, where: `${column} = ANY($1::text[])` };
}

const institutionsSql = (group: { code: string; where: string }) => `
  SELECT ${group.code} AS code, p.institution::text AS institution, count(*)::int AS participants,
         count(DISTINCT p.id) FILTER (WHERE e.certified_trainer)::int AS "certifiedTrainers"
  FROM enrollment e JOIN training t ON t.id = e.training_id JOIN person p ON p.id = e.person_id
  WHERE e.role = 'PARTICIPANT' AND t.level = 'PROVINCIAL_TOT' AND ${group.where} AND ${trainingInScope}
  GROUP BY 1, p.institution ORDER BY 1, p.institution`;

// Participants are summed per training first: joining every enrollment to every module it
// covered would multiply the rows by eight before aggregating.
const moduleScoresSql = (group: { code: string; where: string }) => `
  WITH per_training AS (
    SELECT ${group.code} AS code, e.training_id,
      count(*) FILTER (WHERE e.pre_test_score IS NOT NULL OR e.post_test_score IS NOT NULL) AS participants,
      sum(e.pre_test_score) AS pre_sum, count(e.pre_test_score) AS pre_n,
      sum(e.post_test_score) AS post_sum, count(e.post_test_score) AS post_n,
      sum(e.post_test_score - e.pre_test_score) AS gain_sum, count(e.post_test_score - e.pre_test_score) AS gain_n
    FROM enrollment e JOIN training t ON t.id = e.training_id JOIN person p ON p.id = e.person_id
    WHERE e.role = 'PARTICIPANT' AND ${group.where} AND ${trainingInScope}
    GROUP BY 1, 2)
  SELECT pt.code, tm.module_number AS "moduleNumber", sum(pt.participants)::int AS participants,
    (sum(pt.pre_sum) / nullif(sum(pt.pre_n), 0))::float8 AS "preTestAverage",
    (sum(pt.post_sum) / nullif(sum(pt.post_n), 0))::float8 AS "postTestAverage",
    (sum(pt.gain_sum) / nullif(sum(pt.gain_n), 0))::float8 AS "gainAverage"
  FROM per_training pt JOIN training_module tm ON tm.training_id = pt.training_id
  GROUP BY pt.code, tm.module_number ORDER BY pt.code, tm.module_number`;

const filterKey = (filter: CoverageFilter) =>
  JSON.stringify([filter.stage ?? null, filter.from?.toISOString() ?? null, filter.to?.toISOString() ?? null]);

/** A per-request loader running `sql` once per (level, filter) among the keys of a batch. */
function breakdownLoader<Row>(prisma: PrismaClient, sql: (group: { code: string; where: string }) => string): DataLoader<BreakdownKey, Row[], string> {
  return new DataLoader<BreakdownKey, Row[], string>(
    async (keys) => {
      const batches = new Map<string, BreakdownKey[]>();
      for (const key of keys) {
        const level = key.code === null ? "COUNTRY" : (levelOfCode(key.code) ?? "COUNTRY");
        const batch = `${level}|${filterKey(key.filter)}`;
        batches.set(batch, [...(batches.get(batch) ?? []), key]);
      }
      const rowsByKey = new Map<string, Grouped<Row>[]>();
      await Promise.all(
        [...batches.values()].map(async (batch) => {
          const [first] = batch;
          if (!first) return;
          const level = first.code === null ? "COUNTRY" : levelOfCode(first.code);
          const codes = batch.flatMap((key) => (key.code === null ? [] : [key.code]));
          const { filter } = first;
          const params = [codes, filter.stage ?? null, filter.from ?? null, filter.to ?? null] as const;
          const statement = sql(groupOf(level));
          const rows = await cachedReport(prisma, `${statement}:${JSON.stringify(params)}`, () =>
            prisma.$queryRawUnsafe<Grouped<Row>[]>(statement, ...params),
          );
          for (const row of rows) {
            const key = `${row.code}|${filterKey(filter)}`;
            rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), row]);
          }
        }),
      );
      return keys.map((key) => rowsByKey.get(`${key.code}|${filterKey(key.filter)}`) ?? []);
    },
    { cacheKeyFn: (key) => `${key.code}|${filterKey(key.filter)}` },
  );
}

export interface BreakdownLoaders {
  institutions: DataLoader<BreakdownKey, InstitutionCount[], string>;
  moduleScores: DataLoader<BreakdownKey, ModuleScores[], string>;
}

export function createBreakdownLoaders(prisma: PrismaClient): BreakdownLoaders {
  return {
    institutions: breakdownLoader<InstitutionCount>(prisma, institutionsSql),
    moduleScores: breakdownLoader<ModuleScores>(prisma, moduleScoresSql),
  };
}
