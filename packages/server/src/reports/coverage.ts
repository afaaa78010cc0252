import { Institution } from "../db/generated/prisma/enums.js";
import type { PrismaClient } from "../db/prisma.js";
import { queryRows, type RowShape } from "../db/sql-statement.js";
import { levelOfCode, regionLevels, type RegionLevel } from "../regions/codes.js";
import type { CoverageCounts, InstitutionCount, ModuleScoreSums } from "./coverage-counts.js";
import {
  institutionRow,
  kabupatenTrainersRow,
  moduleRow,
  placeRow,
  regionCodeRow,
  scannedPeopleRow,
  summarizedPeopleRow,
  type Coded,
} from "./coverage-rows.js";
import { regionTableOfLevel } from "./coverage-sql.js";
import { institutionCountsSql } from "./institution-counts-sql.js";
import { moduleScoreSumsSql } from "./module-scores-sql.js";
import { peopleCountsSql } from "./people-counts-sql.js";
import { placeCountsSql, type PlaceCounts } from "./place-counts-sql.js";
import { cachedReport } from "./report-cache.js";
import { institutionSummarySql, kabupatenTrainersSql, moduleSummarySql, peopleSummarySql } from "./summary-sql.js";

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

/** The stages a filter may name: the program numbers them from 1, and will never run near 100. */
export const stageRange = { min: 1, max: 99 } as const;
/** Certified trainers a kabupaten may be asked to have: 0 (any) up to far more than a ToT trains. */
export const trainerTargetRange = { min: 0, max: 10_000 } as const;

const outOf = (name: string, range: { min: number; max: number }, value: number) =>
  `"${name}" must be a whole number from ${range.min} to ${range.max.toLocaleString("en-US")}, got ${value}.`;

/** What is wrong with a filter, in words for the caller; undefined when nothing is. */
export function coverageFilterProblem(filter: CoverageFilter): string | undefined {
  const { stage, trainerTarget } = filter;
  if (stage != null && !(Number.isInteger(stage) && stage >= stageRange.min && stage <= stageRange.max)) return outOf("stage", stageRange, stage);
  if (!(Number.isInteger(trainerTarget) && trainerTarget >= trainerTargetRange.min && trainerTarget <= trainerTargetRange.max)) {
    return outOf("trainerTarget", trainerTargetRange, trainerTarget);
  }
  if (filter.from && filter.to && filter.to < filter.from) return '"to" must not be before "from".';
  return undefined;
}

/** part / whole; null when there is no whole. */
export const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
/** sum / count; null when nothing was counted. */
export const average = (sum: number, count: number) => (count === 0 ? null : sum / count);

export interface CoverageRow extends CoverageCounts {
  /** Null for the whole country. */
  code: string | null;
  /** In the order of the Institution enum; only institutions with ToT participants. */
  institutions: InstitutionCount[];
  /** By module number; only modules with participants. */
  modules: ModuleScoreSums[];
}

const childLevelOf: Record<RegionLevel, RegionLevel | undefined> = {
  PROVINCE: "KABUPATEN",
  KABUPATEN: "KECAMATAN",
  KECAMATAN: "VILLAGE",
  VILLAGE: undefined,
};

/** One of the report's statements, its rows decoded to their shape. */
const rowsOf = <Row>(prisma: PrismaClient, text: string, row: RowShape<Row>, values: readonly unknown[]) => queryRows(prisma, { text, row }, values);

/** Rows of a breakdown statement by region code, each without its code. */
function byCode<Row extends { code: string }>(rows: Row[]): Map<string, Omit<Row, "code">[]> {
  const grouped = new Map<string, Omit<Row, "code">[]>();
  for (const { code, ...row } of rows) grouped.set(code, [...(grouped.get(code) ?? []), row]);
  return grouped;
}

/**
 * The rows of these regions of one level, in code order. A filter without dates is read from the
 * summaries (summary-sql.ts), a few rows per region of the tree whatever the number of
 * enrolments; one with dates scans the enrolments of the trainings in it (the summaries keep no
 * dates). Either way the statements run side by side on separate connections (on PostgreSQL;
 * PGlite has one and runs them in turn), and the rows are kept in the report cache.
 */
export function regionRows(prisma: PrismaClient, level: RegionLevel, codes: readonly string[], filter: CoverageFilter): Promise<CoverageRow[]> {
  const sorted = [...new Set(codes)].sort();
  return filter.from || filter.to ? scannedRows(prisma, level, sorted, filter) : summarizedRows(prisma, level, sorted, filter);
}

/** The statements' rows joined per region, in the order of the people counts (every region asked for that exists). */
function joinedRows<People extends { code: string }>(
  people: People[],
  places: Coded<PlaceCounts>[],
  institutions: Coded<InstitutionCount>[],
  modules: Coded<ModuleScoreSums>[],
): (Omit<People, "code"> & PlaceCounts & Omit<CoverageRow, keyof CoverageCounts | "code"> & { code: string })[] {
  const placesByCode = new Map(places.map(({ code, ...counts }) => [code, counts]));
  const institutionsByCode = byCode(institutions);
  const modulesByCode = byCode(modules);
  return people.map(({ code, ...counts }) => {
    const placeCounts = placesByCode.get(code);
    if (!placeCounts) throw new Error(`Coverage statements disagree on the regions: no place counts for ${code}`);
    return { code, ...counts, ...placeCounts, institutions: institutionsByCode.get(code) ?? [], modules: modulesByCode.get(code) ?? [] };
  });
}

/**
 * From the summaries, cached per level, codes and stage: the trainer target only compares the
 * cached per-kabupaten trainer counts, so another target costs no statement. Villages' module
 * scores come from their residents' enrolments, a few per village (the summary of module scores
 * goes down to the kecamatan only).
 */
async function summarizedRows(prisma: PrismaClient, level: RegionLevel, sorted: string[], filter: CoverageFilter): Promise<CoverageRow[]> {
  const params = [sorted, filter.stage ?? 0] as const;
  const rows = await cachedReport(prisma, `coverage:${level}:${JSON.stringify(params)}`, async () => {
    if (sorted.length === 0) return [];
    const [people, places, trainers, institutions, modules] = await Promise.all([
      rowsOf(prisma, peopleSummarySql(level), summarizedPeopleRow, params),
      rowsOf(prisma, placeCountsSql(level, "summaries"), placeRow, params),
      rowsOf(prisma, kabupatenTrainersSql(level), kabupatenTrainersRow, params),
      rowsOf(prisma, institutionSummarySql(level), institutionRow, params),
      level === "VILLAGE"
        ? rowsOf(prisma, moduleScoreSumsSql(level), moduleRow, [sorted, filter.stage ?? null, null, null])
        : rowsOf(prisma, moduleSummarySql(level), moduleRow, params),
    ]);
    const trainersByCode = byCode(trainers);
    return joinedRows(people, places, institutions, modules).map((row) => ({
      ...row,
      trainersPerKabupaten: (trainersByCode.get(row.code) ?? []).map(({ trainers }) => trainers),
    }));
  });
  return rows.map(({ trainersPerKabupaten, ...row }) => ({
    ...row,
    kabupatenTotal: trainersPerKabupaten.length,
    kabupatenMeetingTrainerTarget: trainersPerKabupaten.filter((trainers) => trainers >= filter.trainerTarget).length,
  }));
}

/**
 * By scanning, cached under the level, the codes and the whole filter: the people counts and the
 * module scores each read the participant enrolments of the people living there once (from
 * participation, which holds each with its training's and participant's columns), the place
 * counts the trainings and the tree, the institution counts the ToTs' enrolments only.
 */
function scannedRows(prisma: PrismaClient, level: RegionLevel, sorted: string[], filter: CoverageFilter): Promise<CoverageRow[]> {
  const params = [sorted, filter.stage ?? null, filter.from ?? null, filter.to ?? null] as const;
  return cachedReport(prisma, `coverage-scan:${level}:${JSON.stringify([...params, filter.trainerTarget])}`, async () => {
    if (sorted.length === 0) return [];
    const [people, places, institutions, modules] = await Promise.all([
      rowsOf(prisma, peopleCountsSql(level), scannedPeopleRow, [...params, filter.trainerTarget]),
      rowsOf(prisma, placeCountsSql(level, "trainings"), placeRow, params),
      rowsOf(prisma, institutionCountsSql(level), institutionRow, params),
      rowsOf(prisma, moduleScoreSumsSql(level), moduleRow, params),
    ]);
    return joinedRows(people, places, institutions, modules);
  });
}

/** The regions directly below `code` (the provinces below the country), in code order; undefined below villages. */
function childRegions(prisma: PrismaClient, code: string | null): Promise<{ level: RegionLevel; codes: string[] } | undefined> {
  const parentLevel = code === null ? undefined : levelOfCode(code);
  if (code !== null && !parentLevel) throw new Error(`Not a region code: "${code}"`);
  const level = parentLevel ? childLevelOf[parentLevel] : "PROVINCE";
  if (!level) return Promise.resolve(undefined);
  const { table, parentColumn } = regionTableOfLevel[level];
  return cachedReport(prisma, `children:${code}`, async () => {
    const rows = await rowsOf(prisma, `SELECT code FROM ${table} WHERE ${parentColumn ? `${parentColumn} = $1::text` : "$1::text IS NULL"} ORDER BY code`, regionCodeRow, [code]);
    return { level, codes: rows.map((row) => row.code) };
  });
}

/**
 * The whole country's row from its provinces' rows: every person, training and region lies in
 * exactly one province, so every count and every sum adds up; rates and averages are computed
 * from the totals wherever they are shown, never averaged.
 */
export function countryTotal(rows: CoverageRow[]): CoverageRow {
  const total: CoverageCounts = emptyCounts();
  const keys = Object.keys(total) as (keyof CoverageCounts)[];
  for (const row of rows) for (const key of keys) total[key] += row[key];
  return { code: null, ...total, institutions: institutionTotals(rows), modules: moduleTotals(rows) };
}

function institutionTotals(rows: CoverageRow[]): InstitutionCount[] {
  const totals = new Map<Institution, InstitutionCount>();
  for (const { institution, participants, certifiedTrainers } of rows.flatMap((row) => row.institutions)) {
    const total = totals.get(institution) ?? { institution, participants: 0, certifiedTrainers: 0 };
    totals.set(institution, { institution, participants: total.participants + participants, certifiedTrainers: total.certifiedTrainers + certifiedTrainers });
  }
  return Object.values(Institution).flatMap((institution) => totals.get(institution) ?? []);
}

function moduleTotals(rows: CoverageRow[]): ModuleScoreSums[] {
  const totals = new Map<number, ModuleScoreSums>();
  for (const sums of rows.flatMap((row) => row.modules)) {
    const total = totals.get(sums.moduleNumber);
    totals.set(
      sums.moduleNumber,
      total
        ? {
            ...total,
            participants: total.participants + sums.participants,
            preTestSum: total.preTestSum + sums.preTestSum,
            preTestCount: total.preTestCount + sums.preTestCount,
            postTestSum: total.postTestSum + sums.postTestSum,
            postTestCount: total.postTestCount + sums.postTestCount,
            gainSum: total.gainSum + sums.gainSum,
            gainCount: total.gainCount + sums.gainCount,
          }
        : sums,
    );
  }
  return [...totals.values()].sort((a, b) => a.moduleNumber - b.moduleNumber);
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

/** A region's (or, for null, the country's) row. Undefined when no region has the code. */
export async function coverageOf(prisma: PrismaClient, code: string | null, filter: CoverageFilter): Promise<CoverageRow | undefined> {
  if (code === null) return countryTotal(await childCoverage(prisma, null, filter));
  const level = levelOfCode(code);
  if (!level) throw new Error(`Not a region code: "${code}"`);
  const [row] = await regionRows(prisma, level, [code], filter);
  return row;
}

/** One row per child region (provinces under the country), in code order. */
export async function childCoverage(prisma: PrismaClient, code: string | null, filter: CoverageFilter): Promise<CoverageRow[]> {
  const children = await childRegions(prisma, code);
  return children ? regionRows(prisma, children.level, children.codes, filter) : [];
}

export const coverageLevels = ["COUNTRY", ...regionLevels] as const;
export type CoverageLevel = (typeof coverageLevels)[number];
