import * as v from "valibot";
import type { SqlStatement } from "../db/sql-statement.js";
import type { Enrollment } from "../db/generated/prisma/client.js";
import { EnrollmentRole } from "../db/generated/prisma/enums.js";

/**
 * The enrolment writes that run most (enrolling a participant, recording scores), each one
 * statement that locks the training, checks what the rule needs of it and writes, where they were
 * four to six Prisma round trips: on this machine every round trip costs a socket write and
 * Prisma's query interpretation, most of a write's CPU. A statement that writes no row was
 * refused by one of its checks; the caller then asks which one (see enrollments.ts), at the cost
 * of a few more reads on that rarer path only.
 */

/** An enrolment row as Prisma's model has it; timestamps are stored as UTC without a zone, as Prisma writes them. */
const enrollmentColumns = `e.id::text AS id, e.training_id::text AS "trainingId", e.person_id::text AS "personId", e.role::text AS role,
  e.days_attended AS "daysAttended", e.pre_test_score AS "preTestScore", e.post_test_score AS "postTestScore",
  e.completed, e.certified_trainer AS "certifiedTrainer", e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

const enrollmentRow: v.GenericSchema<unknown, Enrollment> = v.strictObject({
  id: v.string(),
  trainingId: v.string(),
  personId: v.string(),
  role: v.enum(EnrollmentRole),
  daysAttended: v.number(),
  preTestScore: v.nullable(v.number()),
  postTestScore: v.nullable(v.number()),
  completed: v.boolean(),
  certifiedTrainer: v.boolean(),
  createdAt: v.date(),
  updatedAt: v.date(),
});

/** Training statuses whose enrolments are closed: nothing is enrolled, attended or scored in them. */
const closedStatuses = `('CANCELLED', 'COMPLETED')`;

/**
 * Enrols $2 as a PARTICIPANT of $1 under the new id $3, holding the training FOR SHARE until the
 * transaction commits (see TrainingLock): only if both exist, the training is open, the person is
 * not erased and not enrolled in it yet (the unique index decides, so a concurrent enrolment cannot
 * slip in).
 */
export const enrollParticipantStatement: SqlStatement<Enrollment> = {
  text: `WITH locked AS (SELECT id, status FROM training WHERE id = $1::uuid FOR SHARE)
    INSERT INTO enrollment AS e (id, training_id, person_id, role, created_at, updated_at)
    SELECT $3::uuid, locked.id, person.id, 'PARTICIPANT', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
    FROM locked JOIN person ON person.id = $2::uuid AND person.erased_at IS NULL
    WHERE locked.status NOT IN ${closedStatuses}
    ON CONFLICT (training_id, person_id) DO NOTHING
    RETURNING ${enrollmentColumns}`,
  row: enrollmentRow,
};

/**
 * Sets the scores of enrolment $1 while its training is open, holding the training FOR SHARE: $2
 * and $4 say whether the pre- and post-test score is given ($3, $5, null clearing it) or kept.
 * Under READ COMMITTED a training being closed meanwhile is read again once its writer commits,
 * so a score never lands after the completion rule was applied.
 */
export const recordScoresStatement: SqlStatement<Enrollment> = {
  text: `WITH open AS (
      SELECT enrollment.id FROM enrollment JOIN training ON training.id = enrollment.training_id
      WHERE enrollment.id = $1::uuid AND training.status NOT IN ${closedStatuses}
      FOR SHARE OF training)
    UPDATE enrollment AS e SET
      pre_test_score = CASE WHEN $2::boolean THEN $3::int ELSE e.pre_test_score END,
      post_test_score = CASE WHEN $4::boolean THEN $5::int ELSE e.post_test_score END,
      updated_at = now() AT TIME ZONE 'UTC'
    FROM open WHERE e.id = open.id
    RETURNING ${enrollmentColumns}`,
  row: enrollmentRow,
};
