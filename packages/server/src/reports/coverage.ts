import type { PrismaClient } from "../db/prisma.js";
import { levelOfCode, regionLevels, type RegionLevel } from "../schema/region-codes.js";
import { coverageRowsSql, type CoverageScope } from "./coverage-sql.js";
import { cachedReport } from "./report-cache.js";

/** Default certified trainers a kabupaten should have; `trainerTarget` overrides it per query. */
export const defaultTrainerTarget = 5;

export interface CoverageFilter {
  /** Only this stage: its ToTs, and the later levels in its provinces. */
  stage?: number | null;
  /** Only trainings starting on or after / on or before these days. */
  from?: Date | null;
  to?: Date | null;
  trainerTarget: number;
}

/** What is wrong with a filter, in words for the caller; undefined when nothing is. */
export function coverageFilterProblem(filter: CoverageFilter): string | undefined {
  if (filter.trainerTarget < 0) return `"trainerTarget" must not be negative, got ${filter.trainerTarget}.`;
  if (filter.from && filter.to && filter.to < filter.from) return '"to" must not be before "from".';
  return undefined;
}

/** Additive counts for one region (or the whole country): a parent's equal the sum of its children's. */
export interface CoverageCounts {
  totParticipants: number;
  certifiedTrainers: number;
  kabupatenTotal: number;
  kabupatenMeetingTrainerTarget: number;
  kecamatanTrainingsHeld: number;
  kecamatanTrainingsPlanned: number;
  kecamatanApparatusTrained: number;
  facilitatorsTrained: number;
  kecamatanCovered: number;
  kecamatanTotal: number;
  villageSessionsHeld: number;
  villagesReached: number;
  desaReached: number;
  kelurahanReached: number;
  desaAdatReached: number;
  villagesTotal: number;
  desaTotal: number;
  kelurahanTotal: number;
  desaAdatTotal: number;
  preTestSum: number;
  preTestCount: number;
  postTestSum: number;
  postTestCount: number;
  gainSum: number;
  gainCount: number;
}

export interface CoverageRow extends CoverageCounts {
  /** Null for the whole country. */
  code: string | null;
}

export const childLevelOf: Record<RegionLevel, RegionLevel | undefined> = {
  PROVINCE: "KABUPATEN",
  KABUPATEN: "KECAMATAN",
  KECAMATAN: "VILLAGE",
  VILLAGE: undefined,
};

async function coverageRows(
  prisma: PrismaClient,
  level: RegionLevel,
  scope: CoverageScope,
  code: string | null,
  filter: CoverageFilter,
): Promise<CoverageRow[]> {
  const params = [code, filter.stage ?? null, filter.from ?? null, filter.to ?? null, filter.trainerTarget] as const;
  return cachedReport(prisma, `coverage:${level}:${scope}:${JSON.stringify(params)}`, () =>
    prisma.$queryRawUnsafe<CoverageRow[]>(coverageRowsSql(level, scope), ...params),
  );
}

/** The country's counts are the sum of its provinces': every indicator is additive at that step. */
export function countryTotal(rows: CoverageRow[]): CoverageRow {
  const total: CoverageRow = { ...emptyCounts(), code: null };
  for (const row of rows) {
    for (const key of Object.keys(total) as (keyof CoverageCounts | "code")[]) {
      if (key !== "code") total[key] += row[key];
    }
  }
  return total;
}

function emptyCounts(): CoverageCounts {
  return {
    totParticipants: 0, certifiedTrainers: 0, kabupatenTotal: 0, kabupatenMeetingTrainerTarget: 0,
    kecamatanTrainingsHeld: 0, kecamatanTrainingsPlanned: 0, kecamatanApparatusTrained: 0, facilitatorsTrained: 0,
    kecamatanCovered: 0, kecamatanTotal: 0, villageSessionsHeld: 0, villagesReached: 0, desaReached: 0,
    kelurahanReached: 0, desaAdatReached: 0, villagesTotal: 0, desaTotal: 0, kelurahanTotal: 0, desaAdatTotal: 0,
    preTestSum: 0, preTestCount: 0, postTestSum: 0, postTestCount: 0, gainSum: 0, gainCount: 0,
  };
}

/** A region's (or, for null, the country's) row, computed in SQL. Undefined when no region has the code. */
export async function coverageOf(prisma: PrismaClient, code: string | null, filter: CoverageFilter): Promise<CoverageRow | undefined> {
  if (code === null) return countryTotal(await coverageRows(prisma, "PROVINCE", "children", null, filter));
  const level = levelOfCode(code);
  if (!level) throw new Error(`Not a region code: "${code}"`);
  const [row] = await coverageRows(prisma, level, "self", code, filter);
  return row;
}

/** One row per child region (provinces under the country), in code order. */
export async function childCoverage(prisma: PrismaClient, code: string | null, filter: CoverageFilter): Promise<CoverageRow[]> {
  if (code === null) return coverageRows(prisma, "PROVINCE", "children", null, filter);
  const level = levelOfCode(code);
  const childLevel = level ? childLevelOf[level] : undefined;
  return childLevel ? coverageRows(prisma, childLevel, "children", code, filter) : [];
}

export const coverageLevels = ["COUNTRY", ...regionLevels] as const;
export type CoverageLevel = (typeof coverageLevels)[number];
