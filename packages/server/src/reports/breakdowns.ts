import DataLoader from "dataloader";
import type { PrismaClient } from "../db/prisma.js";
import { levelOfCode, type RegionLevel } from "../regions/codes.js";
import type { InstitutionCount } from "./coverage-counts.js";
import { average, coverageOf, regionRows, type CoverageFilter, type CoverageRow } from "./coverage.js";

/**
 * Breakdowns of coverage rows that are not plain counts: ToT participants by institution, and
 * test scores per curriculum module. The statements that compute a level's rows compute them
 * too; a coverage answer asks for them on every row, so they are looked up per request through
 * a DataLoader: the regions of one level that share a filter are read from one roll-up, the
 * very one (in the report cache) that gave their counts when the same regions were asked for.
 */

export interface ModuleScores {
  module: { number: number; name: string; nameEn: string };
  /** Participants with a recorded score. */
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

/** Averages from the sums and counts, which are what add up from one level to the next. */
export function moduleScoresOf(row: CoverageRow): ModuleScores[] {
  return row.modules.map((sums) => ({
    module: { number: sums.moduleNumber, name: sums.name, nameEn: sums.nameEn },
    participants: sums.participants,
    preTestAverage: average(sums.preTestSum, sums.preTestCount),
    postTestAverage: average(sums.postTestSum, sums.postTestCount),
    gainAverage: average(sums.gainSum, sums.gainCount),
  }));
}

const keyOf = ({ code, filter }: BreakdownKey) =>
  JSON.stringify([code, filter.stage ?? null, filter.from ?? null, filter.to ?? null, filter.trainerTarget]);

/** The coverage rows of a batch of keys: one roll-up per level and filter; the country from its provinces. */
async function rowsOf(prisma: PrismaClient, keys: readonly BreakdownKey[]): Promise<(CoverageRow | undefined)[]> {
  const batches = new Map<string, { level: RegionLevel; filter: CoverageFilter; codes: string[] }>();
  for (const { code, filter } of keys) {
    const level = code === null ? undefined : levelOfCode(code);
    if (code === null || !level) continue;
    const batchKey = `${level}|${keyOf({ code: null, filter })}`;
    const batch = batches.get(batchKey) ?? { level, filter, codes: [] };
    batch.codes.push(code);
    batches.set(batchKey, batch);
  }
  const rows = new Map<string, CoverageRow | undefined>();
  await Promise.all([
    ...[...batches.values()].map(async ({ level, filter, codes }) => {
      for (const row of await regionRows(prisma, level, codes, filter)) rows.set(keyOf({ code: row.code, filter }), row);
    }),
    ...keys.filter((key) => key.code === null).map(async (key) => rows.set(keyOf(key), await coverageOf(prisma, null, key.filter))),
  ]);
  return keys.map((key) => rows.get(keyOf(key)));
}

function breakdownLoader<T>(prisma: PrismaClient, breakdownOf: (row: CoverageRow) => T[]): DataLoader<BreakdownKey, T[], string> {
  return new DataLoader<BreakdownKey, T[], string>(
    async (keys) => (await rowsOf(prisma, keys)).map((row) => (row ? breakdownOf(row) : [])),
    { cacheKeyFn: keyOf },
  );
}

export interface BreakdownLoaders {
  institutions: DataLoader<BreakdownKey, InstitutionCount[], string>;
  moduleScores: DataLoader<BreakdownKey, ModuleScores[], string>;
}

export function createBreakdownLoaders(prisma: PrismaClient): BreakdownLoaders {
  return {
    institutions: breakdownLoader(prisma, (row) => row.institutions),
    moduleScores: breakdownLoader(prisma, moduleScoresOf),
  };
}
