import type { Prisma, Training } from "../db/generated/prisma/client.js";
import type { TrainingLevel, TrainingStatus } from "../db/generated/prisma/enums.js";
import type { PrismaClient } from "../db/prisma.js";
import type { RegionLevel } from "../schema/region-codes.js";
import { completionOf, trainingDays } from "./completion-rule.js";
import { ConflictError, NotFoundError, ValidationError } from "./errors.js";
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

async function checkStage(prisma: PrismaClient, level: TrainingLevel, provinceCode: string, stage: number | null): Promise<void> {
  if (stage === null) return;
  if (level !== "PROVINCIAL_TOT") throw new ValidationError("stage", "Only a PROVINCIAL_TOT belongs to a stage.");
  const stageProvince = await prisma.stageProvince.findUnique({
    where: { stageNumber_provinceCode: { stageNumber: stage, provinceCode } },
  });
  if (!stageProvince) {
    const exists = await prisma.stage.count({ where: { number: stage } });
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

export async function createTraining(prisma: PrismaClient, input: NewTraining): Promise<Training> {
  const title = requireText("title", input.title);
  await requireRegion(prisma, "regionCode", input.regionCode, [regionLevelOfTraining[input.level]]);
  const place = placeOfCode(input.regionCode);
  const startsOn = input.startsOn ?? null;
  const endsOn = input.endsOn ?? null;
  requireDatesInOrder(startsOn, endsOn);
  await checkStage(prisma, input.level, place.provinceCode, input.stage ?? null);
  checkStatus(input.status);
  const passThreshold = requireIntInRange("passThreshold", input.passThreshold ?? 70, 0, 100);
  const moduleNumbers = checkModules(input.moduleNumbers ?? (input.level === "PROVINCIAL_TOT" ? allModuleNumbers : []));
  return prisma.training.create({
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

export async function findTraining(prisma: PrismaClient, id: string): Promise<Training> {
  const training = await prisma.training.findUnique({ where: { id } });
  if (!training) throw new NotFoundError("training", id);
  return training;
}

function assertOpen(training: Training, action: string): void {
  if (training.status === "CANCELLED" || training.status === "COMPLETED") {
    throw new ConflictError("id", `Training ${training.id} is ${training.status}; it cannot ${action}.`);
  }
}

export async function updateTraining(prisma: PrismaClient, id: string, changes: TrainingChanges): Promise<Training> {
  const training = await findTraining(prisma, id);
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
    await checkStage(prisma, training.level, training.provinceCode, changes.stage);
    data.stage = changes.stage === null ? { disconnect: true } : { connect: { number: changes.stage } };
  }
  checkStatus(changes.status);
  if (changes.status !== undefined) data.status = changes.status;
  if (changes.passThreshold !== undefined) data.passThreshold = requireIntInRange("passThreshold", changes.passThreshold, 0, 100);
  if (changes.moduleNumbers !== undefined) {
    const moduleNumbers = checkModules(changes.moduleNumbers);
    data.modules = { deleteMany: {}, create: moduleNumbers.map((moduleNumber) => ({ moduleNumber })) };
  }
  return prisma.training.update({ where: { id }, data });
}

export async function cancelTraining(prisma: PrismaClient, id: string): Promise<Training> {
  const training = await findTraining(prisma, id);
  if (training.status === "CANCELLED") return training;
  assertOpen(training, "be cancelled");
  return prisma.training.update({ where: { id }, data: { status: "CANCELLED" } });
}

/**
 * Closes a training: applies the completion rule to every participant (see completion-rule.ts)
 * and marks the training COMPLETED, in one transaction. Running it again changes nothing.
 */
export async function completeTraining(prisma: PrismaClient, id: string): Promise<Training> {
  const training = await findTraining(prisma, id);
  if (training.status === "CANCELLED") throw new ConflictError("id", `Training ${id} is CANCELLED; it cannot be completed.`);
  const days = trainingDays(training.startsOn, training.endsOn);
  if (days === undefined) {
    throw new ValidationError(training.startsOn ? "endsOn" : "startsOn", "A training needs its start and end dates before it can be completed.");
  }
  const enrollments = await prisma.enrollment.findMany({ where: { trainingId: id } });
  const updates = enrollments.flatMap((enrollment) => {
    const outcome = completionOf({ ...training, days, ...enrollment });
    const unchanged = outcome.completed === enrollment.completed && outcome.certifiedTrainer === enrollment.certifiedTrainer;
    return unchanged ? [] : [prisma.enrollment.update({ where: { id: enrollment.id }, data: outcome })];
  });
  const [completedTraining] = await prisma.$transaction([
    prisma.training.update({ where: { id }, data: { status: "COMPLETED" } }),
    ...updates,
  ]);
  return completedTraining;
}
