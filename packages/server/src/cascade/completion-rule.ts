import type { EnrollmentRole, TrainingLevel } from "../db/generated/prisma/enums.js";

/**
 * The program's completion rule, applied by `completeTraining`:
 *
 * - a PARTICIPANT **completes** a training when they attended every one of its days and their
 *   post-test score is at or above the training's pass threshold (70 unless set otherwise);
 * - a participant who completes a **PROVINCIAL_TOT** becomes a **certified trainer**: only a ToT
 *   certifies (the release's success indicator: trainers drawn from kabupaten apparatus);
 * - TRAINERs neither complete nor get certified by the trainings they teach.
 */
export interface CompletionInput {
  level: TrainingLevel;
  /** Days the training lasts (both ends included). */
  days: number;
  passThreshold: number;
  role: EnrollmentRole;
  daysAttended: number;
  postTestScore: number | null;
}

export function completionOf(input: CompletionInput): { completed: boolean; certifiedTrainer: boolean } {
  const completed =
    input.role === "PARTICIPANT" &&
    input.daysAttended >= input.days &&
    input.postTestScore !== null &&
    input.postTestScore >= input.passThreshold;
  return { completed, certifiedTrainer: completed && input.level === "PROVINCIAL_TOT" };
}

const dayMs = 24 * 60 * 60 * 1000;

/** Days from `startsOn` to `endsOn`, both included; undefined while either is unknown. */
export function trainingDays(startsOn: Date | null, endsOn: Date | null): number | undefined {
  if (!startsOn || !endsOn) return undefined;
  return Math.round((endsOn.getTime() - startsOn.getTime()) / dayMs) + 1;
}
