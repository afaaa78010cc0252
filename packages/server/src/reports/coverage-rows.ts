import * as v from "valibot";
import { Institution } from "../db/generated/prisma/enums.js";
import type { RowShape } from "../db/sql-statement.js";
import type { InstitutionCount, ModuleScoreSums, ScoreSums } from "./coverage-counts.js";
import type { PeopleCounts } from "./people-counts-sql.js";
import type { PlaceCounts } from "./place-counts-sql.js";
import type { SummarizedPeopleCounts } from "./summary-sql.js";

/**
 * The shapes of the coverage statements' rows, each with the region `code` it is for: what
 * coverage.ts reads from the summaries' and the scans' statements, checked before it adds them up.
 */
export type Coded<Row> = Row & { code: string };

const code = v.string();
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const scoreSums = {
  preTestSum: v.number(),
  preTestCount: count,
  postTestSum: v.number(),
  postTestCount: count,
  gainSum: v.number(),
  gainCount: count,
} satisfies Record<keyof ScoreSums, unknown>;

const summarizedPeople = {
  code,
  totParticipants: count,
  certifiedTrainers: count,
  kecamatanApparatusTrained: count,
  facilitatorsTrained: count,
  kecamatanCovered: count,
  villagesReached: count,
  desaReached: count,
  kelurahanReached: count,
  desaAdatReached: count,
  ...scoreSums,
};

export const summarizedPeopleRow: RowShape<Coded<SummarizedPeopleCounts>> = v.strictObject(summarizedPeople);

export const scannedPeopleRow: RowShape<Coded<PeopleCounts>> = v.strictObject({ ...summarizedPeople, kabupatenTotal: count, kabupatenMeetingTrainerTarget: count });

export const placeRow: RowShape<Coded<PlaceCounts>> = v.strictObject({
  code,
  kecamatanTrainingsHeld: count,
  kecamatanTrainingsPlanned: count,
  villageSessionsHeld: count,
  kecamatanTotal: count,
  villagesTotal: count,
  desaTotal: count,
  kelurahanTotal: count,
  desaAdatTotal: count,
});

/** Certified trainers of one kabupaten below the region `code`. */
export const kabupatenTrainersRow: RowShape<{ code: string; trainers: number }> = v.strictObject({ code, trainers: count });

export const institutionRow: RowShape<Coded<InstitutionCount>> = v.strictObject({
  code,
  institution: v.enum(Institution),
  participants: count,
  certifiedTrainers: count,
});

export const moduleRow: RowShape<Coded<ModuleScoreSums>> = v.strictObject({
  code,
  moduleNumber: v.pipe(v.number(), v.integer()),
  name: v.string(),
  nameEn: v.string(),
  participants: count,
  ...scoreSums,
});

export const regionCodeRow: RowShape<{ code: string }> = v.strictObject({ code });
