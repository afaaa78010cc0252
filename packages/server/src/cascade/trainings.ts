import * as v from "valibot";
import type { Prisma, Training } from "../db/generated/prisma/client.js";
import type { TrainingLevel, TrainingStatus } from "../db/generated/prisma/enums.js";
import type { Db } from "../db/prisma.js";
import { queryRows, type SqlStatement } from "../db/sql-statement.js";
import type { RegionLevel } from "../regions/codes.js";
import { completionOf, trainingDays } from "./completion-rule.js";
import { ConflictError, NotFoundError, ValidationError } from "./write-errors.js";
import { placeOfCode } from "./places.js";
import { optionalText, requireDatesInOrder, requireIntInRange, requireRegion, requireText } from "./validate.js";

/** Where each level of training is held. */
export const regionLevelOfTraining: Record<TrainingLevel, RegionLevel> = {
  PROVINCIAL_TOT: "PROVINCE",
  KECAMATAN_TRAINING: "KABUPATEN",
  VILLAGE_SESSION: "KECAMATAN",
};

const allModuleNumbers = [1, 2, 3, 4, 5, 6, 7, 8];

export interface TrainingChanges {
  title?: string;
  venue?: string | null;
  startsOn?: Date | null;
  endsOn?: Date | null;
  stage?: number | null;
  status?: TrainingStatus;
  passThreshold?: number;
  moduleNumbers?: number[];
}

export interface NewTraining extends TrainingChanges {
  level: TrainingLevel;
  regionCode: string;
  title: string;
}

/** Statuses a caller may set directly; COMPLETED and CANCELLED have their own operations. */
const settableStatuses: TrainingStatus[] = ["PLANNED", "ONGOING"];

function checkModules(moduleNumbers: number[]): number[] {
  for (const number of moduleNumbers) requireIntInRange("moduleNumbers", number, 1, 8);
  return [...new Set(moduleNumbers)].sort((a, b) => a - b);
}

async function checkStage(db: Db, level: TrainingLevel, provinceCode: string, stage: number | null): Promise<void> {
  if (stage === null) return;
  if (level !== "PROVINCIAL_TOT") throw new ValidationError("stage", "Only a PROVINCIAL_TOT belongs to a stage.");
  const stageProvince = await db.stageProvince.findUnique({
    where: { stageNumber_provinceCode: { stageNumber: stage, provinceCode } },
  });
  if (!stageProvince) {
    const exists = await db.stage.count({ where: { number: stage } });
    throw new ValidationError(
      "stage",
      exists ? `Province ${provinceCode} is not part of stage ${stage}.` : `There is no stage ${stage}.`,
    );
  }
}

function checkStatus(status: TrainingStatus | undefined): void {
  if (status !== undefined && !settableStatuses.includes(status)) {
    throw new ValidationError("status", `status can be set to ${settableStatuses.join(" or ")}; use completeTraining or cancelTraining for ${status}.`);
  }
}

export async function createTraining(db: Db, input: NewTraining): Promise<Training> {
  const title = requireText("title", input.title);
  await requireRegion(db, "regionCode", input.regionCode, [regionLevelOfTraining[input.level]]);
  const place = placeOfCode(input.regionCode);
  const startsOn = input.startsOn ?? null;
  const endsOn = input.endsOn ?? null;
  requireDatesInOrder(startsOn, endsOn);
  await checkStage(db, input.level, place.provinceCode, input.stage ?? null);
  checkStatus(input.status);
  const passThreshold = requireIntInRange("passThreshold", input.passThreshold ?? 70, 0, 100);
  const moduleNumbers = checkModules(input.moduleNumbers ?? (input.level === "PROVINCIAL_TOT" ? allModuleNumbers : []));
  return db.training.create({
    data: {
      level: input.level,
      provinceCode: place.provinceCode,
      kabupatenCode: place.kabupatenCode,
      kecamatanCode: place.kecamatanCode,
      stageNumber: input.stage ?? null,
      title,
      venue: optionalText("venue", input.venue),
      startsOn,
      endsOn,
      status: input.status ?? "PLANNED",
      passThreshold,
      modules: { create: moduleNumbers.map((moduleNumber) => ({ moduleNumber })) },
    },
  });
}

export async function findTraining(db: Db, id: string): Promise<Training> {
  const training = await db.training.findUnique({ where: { id } });
  if (!training) throw new NotFoundError("training", id);
  return training;
}

/**
 * How a write holds its training until it commits. Writes that need the training open (enrolling,
 * attendance, scores, imports) share it, so they run side by side; writes that change its status or
 * terms (complete, cancel, update) take it alone, so they wait for those to commit and the others
 * wait for them. Under READ COMMITTED a writer that waited reads the training as it was committed,
 * so the rules (scores only while open, completion from the final scores) hold under concurrency.
 */
export type TrainingLock = "shared" | "exclusive";
const lockedRow = v.strictObject({ locked: v.literal(1) });
const lockStatements: Record<TrainingLock, SqlStatement<v.InferOutput<typeof lockedRow>>> = {
  shared: { text: "SELECT 1 AS locked FROM training WHERE id = $1::uuid FOR SHARE", row: lockedRow },
  // Not FOR UPDATE: the id never changes, so enrolments may still reference the row meanwhile.
  exclusive: { text: "SELECT 1 AS locked FROM training WHERE id = $1::uuid FOR NO KEY UPDATE", row: lockedRow },
};

/** The training, locked until the caller's transaction ends (the caller opens the transaction). */
export async function lockTraining(db: Db, id: string, lock: TrainingLock): Promise<Training> {
  const locked = await queryRows(db, lockStatements[lock], [id]);
  if (locked.length === 0) throw new NotFoundError("training", id);
  return findTraining(db, id);
}

function assertOpen(training: Training, action: string): void {
  if (training.status === "CANCELLED" || training.status === "COMPLETED") {
    throw new ConflictError("id", `Training ${training.id} is ${training.status}; it cannot ${action}.`);
  }
}

export async function updateTraining(db: Db, id: string, changes: TrainingChanges): Promise<Training> {
  const training = await lockTraining(db, id, "exclusive");
  assertOpen(training, "be changed");
  const data: Prisma.TrainingUpdateInput = {};
  if (changes.title !== undefined) data.title = requireText("title", changes.title);
  if (changes.venue !== undefined) data.venue = optionalText("venue", changes.venue);
  const startsOn = changes.startsOn !== undefined ? changes.startsOn : training.startsOn;
  const endsOn = changes.endsOn !== undefined ? changes.endsOn : training.endsOn;
  requireDatesInOrder(startsOn, endsOn);
  data.startsOn = startsOn;
  data.endsOn = endsOn;
  if (changes.stage !== undefined) {
    await checkStage(db, training.level, training.provinceCode, changes.stage);
    data.stage = changes.stage === null ? { disconnect: true } : { connect: { number: changes.stage } };
  }
  checkStatus(changes.status);
  if (changes.status !== undefined) data.status = changes.status;
  if (changes.passThreshold !== undefined) data.passThreshold = requireIntInRange("passThreshold", changes.passThreshold, 0, 100);
  if (changes.moduleNumbers !== undefined) {
    const moduleNumbers = checkModules(changes.moduleNumbers);
    data.modules = { deleteMany: {}, create: moduleNumbers.map((moduleNumber) => ({ moduleNumber })) };
  }
  return db.training.update({ where: { id }, data });
}

export async function cancelTraining(db: Db, id: string): Promise<Training> {
  const training = await lockTraining(db, id, "exclusive");
  if (training.status === "CANCELLED") return training;
  assertOpen(training, "be cancelled");
  return db.training.update({ where: { id }, data: { status: "CANCELLED" } });
}

/**
 * Closes a training: applies the completion rule to every participant (see completion-rule.ts)
 * and marks the training COMPLETED. Run it in a transaction: it holds the training alone, so no
 * score or attendance changes between reading the enrolments and closing it, and none after.
 * Running it again changes nothing.
 */
export async function completeTraining(db: Db, id: string): Promise<Training> {
  const training = await lockTraining(db, id, "exclusive");
  if (training.status === "CANCELLED") throw new ConflictError("id", `Training ${id} is CANCELLED; it cannot be completed.`);
  const days = trainingDays(training.startsOn, training.endsOn);
  if (days === undefined) {
    throw new ValidationError(training.startsOn ? "endsOn" : "startsOn", "A training needs its start and end dates before it can be completed.");
  }
  const enrollments = await db.enrollment.findMany({ where: { trainingId: id } });
  for (const enrollment of enrollments) {
    const outcome = completionOf({ ...training, days, ...enrollment });
    const unchanged = outcome.completed === enrollment.completed && outcome.certifiedTrainer === enrollment.certifiedTrainer;
    if (!unchanged) await db.enrollment.update({ where: { id: enrollment.id }, data: outcome, select: { id: true } });
  }
  return db.training.update({ where: { id }, data: { status: "COMPLETED" } });
}
