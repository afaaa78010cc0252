import { Prisma, type Enrollment, type Person, type Training } from "../db/generated/prisma/client.js";
import type { EnrollmentRole } from "../db/generated/prisma/enums.js";
import { v7 as uuidv7 } from "uuid";
import { queryRows, type CheckedWrite } from "../db/sql-statement.js";
import type { Db } from "../db/prisma.js";
import { enrollParticipantStatement, recordScoresStatement } from "./enrollment-sql.js";
import { trainingDays } from "./completion-rule.js";
import { ConflictError, NotFoundError, ValidationError } from "./write-errors.js";
import { assertNotErased, findPerson } from "./people.js";
import { lockTraining } from "./trainings.js";
import { requireIntInRange } from "./validate.js";

/**
 * Who may teach what, the cascade's own rule:
 * - a KECAMATAN_TRAINING is taught by people a PROVINCIAL_TOT certified, whose home is in the
 *   kabupaten where it is held;
 * - a VILLAGE_SESSION is taught by people who completed a KECAMATAN_TRAINING held in the
 *   kecamatan's kabupaten, and whose home is in that kecamatan.
 * A PROVINCIAL_TOT is taught by national master trainers, whom this data does not track.
 */
async function assertQualifiedTrainer(db: Db, training: Training, person: Person): Promise<void> {
  if (training.level === "KECAMATAN_TRAINING") {
    const certified = await db.enrollment.count({
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
    const trained = await db.enrollment.count({
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

/**
 * The checks of an enrolment, in the order a caller hears of them: the training and the person
 * exist, the training is open, a TRAINER is qualified, the person is not enrolled yet. Holds the
 * training FOR SHARE, like the enrolment itself.
 */
async function checkEnrollment(db: Db, input: { trainingId: string; personId: string; role: EnrollmentRole }) {
  const training = await lockTraining(db, input.trainingId, "shared");
  const person = await findPerson(db, input.personId);
  assertNotErased(person, "personId");
  assertOpenForEnrollment(training);
  if (input.role === "TRAINER") await assertQualifiedTrainer(db, training, person);
  const existing = await db.enrollment.count({ where: { trainingId: training.id, personId: person.id } });
  if (existing > 0) throw alreadyEnrolled(person.id, training.id);
  return { training, person };
}

const alreadyEnrolled = (personId: string, trainingId: string) =>
  new ConflictError("personId", `Person ${personId} is already enrolled in training ${trainingId}.`);

/**
 * Enrolls a person; run it in a transaction, which holds the training open until it commits.
 * A participant is enrolled by one statement that checks as it writes (sent by `write`, which a
 * mutation may make the whole write: see Context.checkedWrite); only when it writes nothing are
 * the checks run one by one on `db`, to say which refused it.
 */
export async function enroll(
  db: Db,
  input: { trainingId: string; personId: string; role: EnrollmentRole },
  write: CheckedWrite = (statement, values) => queryRows(db, statement, values),
): Promise<Enrollment> {
  if (input.role === "PARTICIPANT") {
    const [enrolled] = await write(enrollParticipantStatement, [input.trainingId, input.personId, uuidv7()]);
    if (enrolled) return enrolled;
    await checkEnrollment(db, input);
    // Every check passes now, so the statement met an enrolment that was since removed: still a clash.
    throw alreadyEnrolled(input.personId, input.trainingId);
  }
  const { training, person } = await checkEnrollment(db, input);
  try {
    return await db.enrollment.create({ data: { trainingId: training.id, personId: person.id, role: input.role } });
  } catch (error) {
    // Another writer enrolled the same person between the check and the insert.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw alreadyEnrolled(person.id, training.id);
    throw error;
  }
}

/**
 * The enrollment and its training, held open (see TrainingLock): its id names the training, which
 * is locked before the enrollment is read, so what the caller checks stays true until it commits.
 */
async function lockedEnrollment(db: Db, id: string): Promise<Enrollment & { training: Training }> {
  const found = await db.enrollment.findUnique({ where: { id }, select: { trainingId: true } });
  if (!found) throw new NotFoundError("enrollment", id);
  const training = await lockTraining(db, found.trainingId, "shared");
  const enrollment = await db.enrollment.findUniqueOrThrow({ where: { id } });
  return { ...enrollment, training };
}

/** Records days attended while the training is open; run it in a transaction (see lockedEnrollment). */
export async function recordAttendance(db: Db, enrollmentId: string, daysAttended: number): Promise<Enrollment> {
  const enrollment = await lockedEnrollment(db, enrollmentId);
  assertOpenForEnrollment(enrollment.training);
  const days = trainingDays(enrollment.training.startsOn, enrollment.training.endsOn);
  requireIntInRange("daysAttended", daysAttended, 0, days ?? Number.MAX_SAFE_INTEGER);
  return db.enrollment.update({ where: { id: enrollmentId }, data: { daysAttended } });
}

type ScoreChanges = { preTestScore?: number | null; postTestScore?: number | null };

/** Each score given, checked: 0–100, or null to clear it; omitted keeps it. */
function checkedScores(scores: ScoreChanges): ScoreChanges {
  const data: ScoreChanges = {};
  for (const field of ["preTestScore", "postTestScore"] as const) {
    const score = scores[field];
    if (score !== undefined) data[field] = score === null ? null : requireIntInRange(field, score, 0, 100);
  }
  return data;
}

/**
 * Records pre- and post-test scores while the training is open; run it in a transaction (see
 * lockedEnrollment). One statement checks and writes (sent by `write`, as in enroll); a refusal is
 * explained on `db` as the checks one by one would have: no such enrolment, then a closed
 * training, then a score out of range.
 */
export async function recordScores(
  db: Db,
  enrollmentId: string,
  scores: ScoreChanges,
  write: CheckedWrite = (statement, values) => queryRows(db, statement, values),
): Promise<Enrollment> {
  let data: ScoreChanges;
  try {
    data = checkedScores(scores);
  } catch (error) {
    assertOpenForEnrollment((await lockedEnrollment(db, enrollmentId)).training);
    throw error;
  }
  const given = (score: number | null | undefined) => [score !== undefined, score ?? null];
  const [scored] = await write(recordScoresStatement, [enrollmentId, ...given(data.preTestScore), ...given(data.postTestScore)]);
  if (scored) return scored;
  const enrollment = await lockedEnrollment(db, enrollmentId);
  assertOpenForEnrollment(enrollment.training);
  throw new Error(`The scores of enrollment ${enrollmentId} were not written, though it exists and its training is open`);
}
