import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTraining } from "../src/cascade/trainings.js";
import { importParticipantsFile } from "../src/import/participants-command.js";
import { silentProgress } from "../src/progress.js";
import { createTestApi } from "./support/graphql-api.js";

/**
 * A write and its audit record commit together or not at all. To stand for a crash between the
 * two, the database refuses the audit records of this file's writes (a trigger matching a marker
 * in their arguments, so other files' writes to the shared database are untouched): the write
 * itself must then be gone too.
 */
const api = createTestApi();
const { prisma } = api;
const marker = `aw${process.pid}x${Date.now().toString(36)}`;
let folder: string;
let trainingId: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "p3pd-audited-"));
  const training = await createTraining(prisma, {
    level: "KECAMATAN_TRAINING",
    regionCode: "73.71",
    title: `Audited ${marker}`,
    startsOn: new Date("2024-09-02T00:00:00Z"),
    endsOn: new Date("2024-09-03T00:00:00Z"),
  });
  trainingId = training.id;
  await prisma.$executeRawUnsafe(`
    CREATE FUNCTION refuse_audit_${marker}() RETURNS trigger LANGUAGE plpgsql
      AS $$ BEGIN RAISE EXCEPTION 'the audit trail is unavailable'; END; $$`);
  await prisma.$executeRawUnsafe(`
    CREATE TRIGGER refuse_audit_${marker} BEFORE INSERT ON audit_record FOR EACH ROW
      WHEN (NEW.arguments::text LIKE '%${marker}%') EXECUTE FUNCTION refuse_audit_${marker}()`);
});

afterAll(async () => {
  await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS refuse_audit_${marker} ON audit_record`);
  await prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS refuse_audit_${marker}()`);
  const enrolled = await prisma.enrollment.findMany({ where: { trainingId }, select: { personId: true } });
  await prisma.training.deleteMany({ where: { title: { contains: marker } } });
  await prisma.person.deleteMany({ where: { id: { in: enrolled.map((e) => e.personId) } } });
  await rm(folder, { recursive: true, force: true });
  await api.close();
});

describe("a write whose audit record cannot be written", () => {
  it("through a mutation: answers an internal error and leaves no trace of the write", async () => {
    const response = await api.query<{ createTraining: { __typename: string } | null }>(
      `mutation ($input: CreateTrainingInput!) { createTraining(input: $input) { __typename } }`,
      { input: { level: "KECAMATAN_TRAINING", regionCode: "73.71", title: `Unaudited ${marker}` } },
    );
    expect(response.errors?.map((error) => error.extensions?.["code"])).toEqual(["INTERNAL_SERVER_ERROR"]);
    expect(await prisma.training.count({ where: { title: `Unaudited ${marker}` } })).toBe(0);
  });

  it("through `p3pd import participants`: fails and imports no one", async () => {
    const file = path.join(folder, `hadir-${marker}.csv`);
    await writeFile(file, `name,institution,home_region_code,days_attended\nTanpa Jejak ${marker},KECAMATAN,73.71.03,2\n`);
    await expect(importParticipantsFile(prisma, file, trainingId, silentProgress)).rejects.toThrow(/the audit trail is unavailable/);
    expect(await prisma.enrollment.count({ where: { trainingId } })).toBe(0);
    expect(await prisma.person.count({ where: { fullName: { contains: marker } } })).toBe(0);
  });
});
