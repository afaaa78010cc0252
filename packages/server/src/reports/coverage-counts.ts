import type { Institution } from "../db/generated/prisma/enums.js";

/**
 * The additive counts a coverage report is made of. In a file of their own because both the
 * report (coverage.ts) and the SQL that computes its parts (people-counts-sql.ts,
 * place-counts-sql.ts) use them, and neither should import the other for a type.
 */

/** Test scores as sums and counts, which add up from one level to the next where averages would not. */
export interface ScoreSums {
  preTestSum: number;
  preTestCount: number;
  postTestSum: number;
  postTestCount: number;
  gainSum: number;
  gainCount: number;
}

/** Additive counts for one region (or the whole country): a parent's equal the sum of its children's. */
export interface CoverageCounts extends ScoreSums {
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
}

/** ToT participants from one institution, and how many of them a ToT certified. */
export interface InstitutionCount {
  institution: Institution;
  participants: number;
  certifiedTrainers: number;
}

/** Test scores of participants of trainings that covered one module, as sums and counts. */
export interface ModuleScoreSums extends ScoreSums {
  moduleNumber: number;
  name: string;
  nameEn: string;
  /** Participants with a recorded score. */
  participants: number;
}
