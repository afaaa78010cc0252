import { Prisma, type Enrollment, type Person, type Training } from "../db/generated/prisma/client.js";
import type { EnrollmentRole } from "../db/generated/prisma/enums.js";
import type { PrismaClient } from "../db/prisma.js";
import { trainingDays } from "./completion-rule.js";
import { ConflictError, NotFoundError, ValidationError } from "./errors.js";
import { findPerson } from "./people.js";
import { findTraining } from "./trainings.js";
import { requireIntInRange } from "./validate.js";

/**
 * Who may teach what, the cascade's own rule:
 * - a KECAMATAN_TRAINING is taught by people a PROVINCIAL_TOT certified, whose home is in the
 *   kabupaten where it is held;
 * - a VILLAGE_SESSION is taught by people who completed a KECAMATAN_TRAINING held in the
 *   kecamatan's kabupaten, and whose home is in that kecamatan.
 * A PROVINCIAL_TOT is taught by national master trainers, whom this data does not track.
 */
async function assertQualifiedTrainer(prisma: PrismaClient, training: Training, person: Person): Promise<void> {
  if (training.level === "KECAMATAN_TRAINING") {
    const certified = await prisma.enrollment.count({
      where: { personId: person.id, certifiedTrainer: true, training: { level: "PROVINCIAL_TOT" } },
    });
    if (certified === 0 || person.homeKabupatenCode !== training.kabupatenCode) {
      throw new ValidationError(
        "personId",
        `${person.id} cannot teach this kecamatan training: a trainer must be certified by a provincial ToT and live in kabupaten ${training.kabupatenCode}.`,
      );
    }
  }
  if (training.level === "VILLAGE_SESSION") {
    const trained = await prisma.enrollment.count({
      where: {
        personId: person.id,
        completed: true,
        training: { level: "KECAMATAN_TRAINING", kabupatenCode: training.kabupatenCode },
      },
    });
    if (trained === 0 || person.homeKecamatanCode !== training.kecamatanCode) {
      throw new ValidationError(
        "personId",
        `${person.id} cannot lead this village session: they must have completed a kecamatan training in kabupaten ${training.kabupatenCode} and live in kecamatan ${training.kecamatanCode}.`,
      );
    }
  }
}

function assertOpenForEnrollment(training: Training): void {
  if (training.status === "CANCELLED" || training.status === "COMPLETED") {
    throw new ConflictError("trainingId", `Training ${training.id} is ${training.status}; its enrollments are closed.`);
  }
}

export async function enroll(
  prisma: PrismaClient,
  input: { trainingId: string; personId: string; role: EnrollmentRole },
): Promise<Enrollment> {
  const training = await findTraining(prisma, input.trainingId);
  const person = await findPerson(prisma, input.personId);
  assertOpenForEnrollment(training);
  if (input.role === "TRAINER") await assertQualifiedTrainer(prisma, training, person);
  const conflict = () => new ConflictError("personId", `Person ${person.id} is already enrolled in training ${training.id}.`);
  const existing = await prisma.enrollment.count({ where: { trainingId: training.id, personId: person.id } });
  if (existing > 0) throw conflict();
  try {
    return await prisma.enrollment.create({ data: { trainingId: training.id, personId: person.id, role: input.role } });
  } catch (error) {
    // Another writer enrolled the same person between the check and the insert.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw conflict();
    throw error;
  }
}

async function findEnrollment(prisma: PrismaClient, id: string): Promise<Enrollment & { training: Training }> {
  const enrollment = await prisma.enrollment.findUnique({ where: { id }, include: { training: true } });
  if (!enrollment) throw new NotFoundError("enrollment", id);
  return enrollment;
}

export async function recordAttendance(prisma: PrismaClient, enrollmentId: string, daysAttended: number): Promise<Enrollment> {
  const enrollment = await findEnrollment(prisma, enrollmentId);
  assertOpenForEnrollment(enrollment.training);
  const days = trainingDays(enrollment.training.startsOn, enrollment.training.endsOn);
  requireIntInRange("daysAttended", daysAttended, 0, days ?? Number.MAX_SAFE_INTEGER);
  return prisma.enrollment.update({ where: { id: enrollmentId }, data: { daysAttended } });
}

export async function recordScores(
  prisma: PrismaClient,
  enrollmentId: string,
  scores: { preTestScore?: number | null; postTestScore?: number | null },
): Promise<Enrollment> {
  const enrollment = await findEnrollment(prisma, enrollmentId);
  assertOpenForEnrollment(enrollment.training);
  const data: { preTestScore?: number | null; postTestScore?: number | null } = {};
  for (const field of ["preTestScore", "postTestScore"] as const) {
    const score = scores[field];
    if (score !== undefined) data[field] = score === null ? null : requireIntInRange(field, score, 0, 100);
  }
  return prisma.enrollment.update({ where: { id: enrollmentId }, data });
}
