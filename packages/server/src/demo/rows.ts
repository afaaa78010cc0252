import type { EnrollmentRole, TrainingLevel, TrainingStatus } from "../db/generated/prisma/enums.js";
import type { Outcome } from "./outcomes.js";
import type { PersonRow } from "./person.js";

/** The demo dataset's rows, in the columns of their tables (dates as ISO days). */

/** Every demo training's title starts with this: it is how demo rows are told from real ones. */
export const demoTitlePrefix = "[demo] ";

export interface TrainingRow {
  id: string;
  level: TrainingLevel;
  provinceCode: string;
  kabupatenCode: string | null;
  kecamatanCode: string | null;
  stageNumber: number | null;
  title: string;
  venue: string | null;
  startsOn: string;
  endsOn: string;
  status: TrainingStatus;
  passThreshold: number;
  moduleNumbers: number[];
}

export interface EnrollmentRow extends Outcome {
  id: string;
  trainingId: string;
  personId: string;
  role: EnrollmentRole;
}

export interface DemoPlan {
  trainings: TrainingRow[];
  people: PersonRow[];
  enrollments: EnrollmentRow[];
}
