import type { GraphQLClient, SqlClient } from "../systems/clients.js";
import type { Driver, Queryable, Scenario } from "./scenario.js";

/**
 * write: enroll-and-score, the cascade's most frequent write: a participant is enrolled in an
 * ongoing kecamatan training, then their pre- and post-test scores are recorded. One operation is
 * those two mutations in sequence (the second needs the enrollment's id). PostGraphile's
 * generated CRUD would skip our validation, so ours is compared with the bare SQL writes.
 *
 * Setting up makes a training and a pool of new people of its own, and cleanup deletes them with
 * every enrollment made, so the scenario leaves the database as it found it.
 */

/** The shared shape: the enrollment as each system answers after scoring it. */
export interface ScoredEnrollment {
  role: string;
  daysAttended: number;
  preTestScore: number | null;
  postTestScore: number | null;
  completed: boolean;
  certifiedTrainer: boolean;
}

/** Marks the rows the scenario made, so they are recognisable (and removable) whatever happens. */
const marker = "p3pd-bench";

const enrollMutation = `mutation Enroll($input: EnrollInput!) {
  enroll(input: $input) {
    __typename
    ... on EnrollSuccess { data { id } }
    ... on Error { message }
  }
}`;

const scoreMutation = `mutation Score($id: ID!, $pre: Int, $post: Int) {
  recordScores(enrollmentId: $id, preTestScore: $pre, postTestScore: $post) {
    __typename
    ... on RecordScoresSuccess { data { role daysAttended preTestScore postTestScore completed certifiedTrainer } }
    ... on Error { message }
  }
}`;

interface MutationResult<Data> {
  __typename: string;
  data?: Data;
  message?: string;
}

function successData<Data>(result: MutationResult<Data>): Data {
  if (!result.data) throw new Error(`${result.__typename}: ${result.message ?? "no data"}`);
  return result.data;
}

const insertEnrollmentSql = `WITH inserted AS (
    INSERT INTO enrollment (id, training_id, person_id, role, updated_at)
    VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'PARTICIPANT', now()) RETURNING id)
  SELECT json_build_object('id', id)::text AS json FROM inserted`;

const scoreEnrollmentSql = `WITH scored AS (
    UPDATE enrollment SET pre_test_score = $2, post_test_score = $3, updated_at = now() WHERE id = $1::uuid RETURNING *)
  SELECT json_build_object('role', role, 'daysAttended', days_attended, 'preTestScore', pre_test_score,
    'postTestScore', post_test_score, 'completed', completed, 'certifiedTrainer', certified_trainer)::text AS json
  FROM scored`;

/** Pothos' Relay global ID: base64 of "Typename:key". */
const globalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString("base64");

interface Scores {
  pre: number;
  post: number;
}

/** Scores that differ from one operation to the next, as real sheets do. */
const scoresOf = (index: number): Scores => ({ pre: 40 + (index % 30), post: 55 + (index % 45) });
/** What the equivalence check records, the same on every system. */
const checkedScores: Scores = { pre: 62, post: 81 };

export interface WriteSetup {
  trainingId: string;
  personIds: string[];
}

/**
 * Makes the training (ONGOING, two days, in the first kabupaten of the first province) and
 * `people` new people living in its first village, straight in SQL: the setup is not measured.
 */
export async function setUpWrites(db: Queryable, people: number): Promise<WriteSetup> {
  const { rows: places } = await db.query<{ province: string; kabupaten: string; kecamatan: string; village: string }>(
    `SELECT kb.province_code AS province, kb.code AS kabupaten, kc.code AS kecamatan, v.code AS village
     FROM village v JOIN kecamatan kc ON kc.code = v.kecamatan_code JOIN kabupaten kb ON kb.code = kc.kabupaten_code
     ORDER BY v.code LIMIT 1`,
  );
  const place = places[0];
  if (!place) throw new Error("the write scenario needs the tree: the village table is empty");
  const { rows: trainings } = await db.query<{ id: string }>(
    `INSERT INTO training (id, level, province_code, kabupaten_code, title, starts_on, ends_on, status, updated_at)
     VALUES (gen_random_uuid(), 'KECAMATAN_TRAINING', $1, $2, $3, DATE '2024-08-01', DATE '2024-08-02', 'ONGOING', now()) RETURNING id::text`,
    [place.province, place.kabupaten, `${marker} training`],
  );
  const trainingId = trainings[0]?.id;
  if (!trainingId) throw new Error("the bench training was not created");
  const { rows: created } = await db.query<{ id: string }>(
    `INSERT INTO person (id, full_name, institution, home_province_code, home_kabupaten_code, home_kecamatan_code, home_village_code, updated_at)
     SELECT gen_random_uuid(), $1 || ' ' || n, 'DESA', $2, $3, $4, $5, now() FROM generate_series(1, $6::int) AS n RETURNING id::text`,
    [`${marker} participant`, place.province, place.kabupaten, place.kecamatan, place.village, people],
  );
  return { trainingId, personIds: created.map((row) => row.id) };
}

/** Deletes the training (its enrollments go with it) and the people. */
export async function tearDownWrites(db: Queryable, setup: WriteSetup): Promise<void> {
  await db.query("DELETE FROM enrollment WHERE training_id = $1::uuid", [setup.trainingId]);
  await db.query("DELETE FROM training WHERE id = $1::uuid", [setup.trainingId]);
  await db.query("DELETE FROM person WHERE id = ANY($1::uuid[])", [setup.personIds]);
}

export function writeScenario(db: Queryable, setup: WriteSetup): Scenario<ScoredEnrollment> {
  // Every operation, of any system and worker, enrols a person not enrolled yet.
  let nextPerson = 0;
  const takePerson = (): { personId: string; index: number } => {
    const index = nextPerson++;
    const personId = setup.personIds[index];
    if (!personId) throw new Error(`the write scenario ran out of people after ${setup.personIds.length} operations: set it up with more`);
    return { personId, index };
  };

  const driver = (enrollAndScore: (personId: string, scores: Scores) => Promise<ScoredEnrollment>): Driver<ScoredEnrollment> => ({
    answer: () => enrollAndScore(takePerson().personId, checkedScores),
    worker: () => async () => {
      const { personId, index } = takePerson();
      await enrollAndScore(personId, scoresOf(index));
    },
  });

  return {
    name: "write",
    description: "enroll a participant in an ongoing training, then record their pre/post-test scores",
    unit: "enroll + score",
    ours: (client: GraphQLClient) =>
      driver(async (personId, { pre, post }) => {
        const { enroll } = await client.request<{ enroll: MutationResult<{ id: string }> }>(enrollMutation, {
          input: { trainingId: globalId("Training", setup.trainingId), personId: globalId("Person", personId), role: "PARTICIPANT" },
        });
        const { recordScores } = await client.request<{ recordScores: MutationResult<ScoredEnrollment> }>(scoreMutation, {
          id: successData(enroll).id,
          pre,
          post,
        });
        return successData(recordScores);
      }),
    sql: (client: SqlClient) =>
      driver(async (personId, { pre, post }) => {
        const { id } = await client.json<{ id: string }>({ name: "enroll", text: insertEnrollmentSql, values: [setup.trainingId, personId] });
        return client.json<ScoredEnrollment>({ name: "score", text: scoreEnrollmentSql, values: [id, pre, post] });
      }),
    cleanup: () => tearDownWrites(db, setup),
  };
}
