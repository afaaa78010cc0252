import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerPerson } from "../src/cascade/people.js";
import { createTraining } from "../src/cascade/trainings.js";
import { createPrismaClient } from "../src/db/prisma.js";
import { bootstrapKeyPrefix } from "../src/access/caller.js";
import { createTestApi } from "./support/graphql-api.js";
import { globalIdOf, rowIdOf } from "./support/row-id.js";
import { sharedDatabase } from "./support/shared-database.js";
import { dataStatements } from "./support/statements.js";

/**
 * enroll and recordScores, the cascade's most frequent writes, are tried without a transaction
 * (audit-plugin.ts, `audit: { oneStatement: true }`): the write and its audit record are one
 * statement. Anything else they need (explaining a refusal, reading relations for the answer)
 * runs them again in a transaction.
 */
const statements: string[] = [];
const api = createTestApi(createPrismaClient(sharedDatabase(), { onQuery: (sql) => statements.push(sql) }));
const { prisma } = api;
const marker = `os${process.pid}x${Date.now().toString(36)}`;
let trainingId: string;
const people: string[] = [];

beforeAll(async () => {
  const training = await createTraining(prisma, {
    level: "KECAMATAN_TRAINING",
    regionCode: "73.71",
    title: `One statement ${marker}`,
    startsOn: new Date("2024-09-02T00:00:00Z"),
    endsOn: new Date("2024-09-03T00:00:00Z"),
  });
  trainingId = training.id;
  for (let n = 0; n < 5; n++) {
    const person = await registerPerson(prisma, { fullName: `Peserta ${marker} ${n}`, institution: "DESA", homeRegionCode: "73.71.01.1001" });
    people.push(person.id);
  }
});

afterAll(async () => {
  await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS refuse_audit_${marker} ON audit_record`);
  await prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS refuse_audit_${marker}()`);
  await prisma.enrollment.deleteMany({ where: { trainingId } });
  await prisma.training.deleteMany({ where: { id: trainingId } });
  await prisma.person.deleteMany({ where: { id: { in: people } } });
  await api.close();
});

const enrollMutation = `mutation ($input: EnrollInput!) { enroll(input: $input) { __typename
  ... on EnrollSuccess { data { id role } } ... on Error { message } } }`;
const scoreMutation = `mutation ($id: ID!, $pre: Int, $post: Int) { recordScores(enrollmentId: $id, preTestScore: $pre, postTestScore: $post) { __typename
  ... on RecordScoresSuccess { data { id preTestScore postTestScore } } ... on Error { message } } }`;

type Result<Data> = { __typename: string; data?: Data; message?: string };
const enrollInput = (personId: string) => ({ trainingId: globalIdOf("Training", trainingId), personId: globalIdOf("Person", personId), role: "PARTICIPANT" });

async function enrollPerson(personId: string, document = enrollMutation) {
  const response = await api.query<{ enroll: Result<{ id: string; role: string; training?: { title: string } }> }>(document, { input: enrollInput(personId) });
  expect(response.errors).toBeUndefined();
  return response.data!.enroll;
}

/** The audit records of `action` whose argument at `path` is `value`, oldest first. */
const recordsOf = (action: string, path: string[], value: string) =>
  prisma.auditRecord.findMany({ where: { action, arguments: { path, equals: value } }, orderBy: { id: "asc" } });
const enrollRecordsOf = (personId: string) => recordsOf("enroll", ["input", "personId"], globalIdOf("Person", personId));

describe("enroll and recordScores without a transaction", () => {
  it("each send one statement, no BEGIN or COMMIT, and the enrolment and scores are written", async () => {
    statements.length = 0;
    const enrolled = await enrollPerson(people[0]!);
    const enrollStatements = dataStatements(statements);
    statements.length = 0;
    const scored = await api.query<{ recordScores: Result<{ id: string; preTestScore: number; postTestScore: number }> }>(scoreMutation, {
      id: enrolled.data!.id,
      pre: 41,
      post: 77,
    });
    const scoreStatements = dataStatements(statements);
    expect(enrollStatements, enrollStatements.join("\n---\n")).toHaveLength(1);
    expect(scoreStatements, scoreStatements.join("\n---\n")).toHaveLength(1);
    expect([...enrollStatements, ...scoreStatements].filter((sql) => /^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(sql))).toEqual([]);
    expect(scored.data?.recordScores).toMatchObject({ __typename: "RecordScoresSuccess", data: { preTestScore: 41, postTestScore: 77 } });
    const row = await prisma.enrollment.findUniqueOrThrow({ where: { id: rowIdOf(enrolled.data!.id) } });
    expect(row).toMatchObject({ trainingId, personId: people[0], role: "PARTICIPANT", preTestScore: 41, postTestScore: 77 });
  });

  it("write the audit record in that statement: the key, the action, the arguments as sent, OK and the row written", async () => {
    const before = Date.now();
    const enrolled = await enrollPerson(people[1]!);
    const enrollmentId = rowIdOf(enrolled.data!.id);
    await api.query(scoreMutation, { id: enrolled.data!.id, pre: 50, post: 60 });
    const after = Date.now();
    const [enrollRecord] = await enrollRecordsOf(people[1]!);
    const [scoreRecord] = await recordsOf("recordScores", ["enrollmentId"], enrolled.data!.id);
    expect(enrollRecord).toMatchObject({ apiKeyId: null, keyPrefix: bootstrapKeyPrefix, role: "ADMIN", outcome: "OK", subjectId: enrollmentId });
    expect(enrollRecord?.arguments).toEqual({ input: enrollInput(people[1]!) });
    expect(scoreRecord).toMatchObject({ keyPrefix: bootstrapKeyPrefix, outcome: "OK", subjectId: enrollmentId, arguments: { enrollmentId: enrolled.data!.id, preTestScore: 50, postTestScore: 60 } });
    // Stored in UTC, as Prisma stores the records a transaction writes (milliseconds kept: allow one of rounding).
    for (const record of [enrollRecord, scoreRecord]) {
      expect(record!.at.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(record!.at.getTime()).toBeLessThanOrEqual(after + 1);
    }
  });

  it("a refusal is explained in a transaction, writes nothing and is recorded once", async () => {
    await enrollPerson(people[2]!);
    const again = await enrollPerson(people[2]!);
    expect(again).toMatchObject({ __typename: "ConflictError", message: expect.stringContaining("already enrolled") });
    expect(await prisma.enrollment.count({ where: { trainingId, personId: people[2] } })).toBe(1);
    expect((await enrollRecordsOf(people[2]!)).map((record) => record.outcome)).toEqual(["OK", "ConflictError"]);

    const outOfRange = await api.query<{ recordScores: Result<unknown> }>(scoreMutation, { id: globalIdOf("Enrollment", "00000000-0000-7000-8000-000000000000"), pre: 10 });
    expect(outOfRange.data?.recordScores.__typename).toBe("NotFoundError");
  });

  it("an answer that reads relations of the enrolment is read in the write's transaction", async () => {
    statements.length = 0;
    const enrolled = await enrollPerson(people[3]!, enrollMutation.replace("data { id role }", "data { id role training { title } }"));
    expect(enrolled).toMatchObject({ __typename: "EnrollSuccess", data: { role: "PARTICIPANT", training: { title: `One statement ${marker}` } } });
    expect(dataStatements(statements).length).toBeGreaterThan(1);
    expect((await enrollRecordsOf(people[3]!)).map((record) => record.outcome)).toEqual(["OK"]);
  });

  it("a write whose audit record the database refuses is not written either", async () => {
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_audit_${marker}() RETURNS trigger LANGUAGE plpgsql
        AS $$ BEGIN RAISE EXCEPTION 'the audit trail is unavailable'; END; $$`);
    await prisma.$executeRawUnsafe(`
      CREATE TRIGGER refuse_audit_${marker} BEFORE INSERT ON audit_record FOR EACH ROW
        WHEN (NEW.arguments::text LIKE '%${globalIdOf("Person", people[4]!)}%') EXECUTE FUNCTION refuse_audit_${marker}()`);
    const response = await api.query(enrollMutation, { input: enrollInput(people[4]!) });
    expect(response.errors?.map((error) => error.extensions?.["code"])).toEqual(["INTERNAL_SERVER_ERROR"]);
    expect(await prisma.enrollment.count({ where: { trainingId, personId: people[4] } })).toBe(0);
  });
});
