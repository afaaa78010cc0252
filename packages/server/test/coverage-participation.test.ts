import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedPrisma } from "./support/shared-database.js";
import { testEngine } from "./support/fresh-database.js";
import { sealPersonal } from "../src/personal-data/personal-fields.js";

/**
 * Coverage reports read participation, a copy of every participant enrolment with its training's
 * and its participant's columns that triggers keep. After each kind of write that changes what it
 * copies, the rows of this file's enrolments must equal what the tables hold, as
 * participation_rows (the migration's own definition of a copy) reads them afresh. Its people
 * live in 75.71 (Kota Gorontalo), where no other test of the shared database counts anything.
 */
const prisma = sharedPrisma();
const marker = `cp-${process.pid}-${Date.now().toString(36)}`;
const trainingIds: string[] = [];
const personIds: string[] = [];

afterAll(async () => {
  await prisma.training.deleteMany({ where: { id: { in: trainingIds } } });
  await prisma.person.deleteMany({ where: { id: { in: personIds } } });
  await prisma.$disconnect();
});

/** Enrolment ids of this file's people, and the number of them that are participants' now. */
async function enrolmentsOfThisFile(): Promise<{ ids: string[]; participants: number }> {
  const enrolments = await prisma.enrollment.findMany({ where: { personId: { in: personIds } }, select: { id: true, role: true } });
  return { ids: enrolments.map((e) => e.id), participants: enrolments.filter((e) => e.role === "PARTICIPANT").length };
}

/** Fails unless participation holds exactly the copies of this file's participant enrolments. */
async function expectCopiesCurrent(): Promise<void> {
  const { ids, participants } = await enrolmentsOfThisFile();
  const copied = await prisma.$queryRawUnsafe<unknown[]>(
    "SELECT * FROM participation WHERE enrollment_id = ANY($1::uuid[]) ORDER BY enrollment_id",
    ids,
  );
  const current = await prisma.$queryRawUnsafe<unknown[]>(
    "SELECT * FROM participation_rows($1::uuid[]) ORDER BY enrollment_id",
    ids,
  );
  expect(copied).toEqual(current);
  expect(copied).toHaveLength(participants);
}

describe(`participation on ${testEngine}`, () => {
  let villages: { code: string; kecamatanCode: string }[];

  beforeAll(async () => {
    villages = await prisma.village.findMany({ where: { kecamatan: { kabupatenCode: "75.71" } }, orderBy: { code: "asc" }, take: 40 });
    const [first, last] = [villages[0], villages.at(-1)];
    if (!first || !last || first.kecamatanCode === last.kecamatanCode) throw new Error("the tree needs villages in two kecamatan of 75.71");
  });

  const home = (index: number) => {
    const village = villages[index % villages.length]!;
    return { homeProvinceCode: "75", homeKabupatenCode: "75.71", homeKecamatanCode: village.kecamatanCode, homeVillageCode: village.code };
  };

  it("copies enrolments as they are made, one by one or many in one statement, and participants' only", async () => {
    const training = await prisma.training.create({
      data: { level: "KECAMATAN_TRAINING", provinceCode: "75", kabupatenCode: "75.71", title: `Training ${marker}`, status: "PLANNED" },
    });
    trainingIds.push(training.id);
    const people = await prisma.person.createManyAndReturn({
      data: [0, 1, 2, 3].map((index) => ({ fullName: `Person ${index} ${marker}`, institution: "KECAMATAN" as const, ...home(index) })),
    });
    personIds.push(...people.map((person) => person.id));
    const [first, ...others] = people;
    await prisma.enrollment.create({ data: { trainingId: training.id, personId: first!.id, role: "TRAINER" } });
    await prisma.enrollment.createMany({
      data: others.map((person, index) => ({ trainingId: training.id, personId: person.id, role: "PARTICIPANT" as const, preTestScore: 40 + index })),
    });
    await expectCopiesCurrent();
  });

  it("follows the enrolments' own changes: scores, completion, role, training and person", async () => {
    await prisma.enrollment.updateMany({ where: { personId: { in: personIds } }, data: { completed: true, postTestScore: 90 } });
    await expectCopiesCurrent();
    await prisma.enrollment.updateMany({ where: { personId: personIds[0] }, data: { role: "PARTICIPANT" } });
    await prisma.enrollment.updateMany({ where: { personId: personIds[1] }, data: { role: "TRAINER" } });
    await expectCopiesCurrent();
    const tot = await prisma.training.create({ data: { level: "PROVINCIAL_TOT", provinceCode: "75", title: `ToT ${marker}`, status: "COMPLETED" } });
    trainingIds.push(tot.id);
    await prisma.enrollment.updateMany({ where: { personId: personIds[2] }, data: { trainingId: tot.id, certifiedTrainer: true } });
    await expectCopiesCurrent();
  });

  it("follows the trainings: status, dates, stage, level and place", async () => {
    await prisma.training.updateMany({ where: { id: { in: trainingIds } }, data: { status: "COMPLETED", startsOn: new Date("2024-07-01") } });
    await expectCopiesCurrent();
    const stage = await prisma.stage.findFirstOrThrow({ orderBy: { number: "asc" } });
    await prisma.training.updateMany({ where: { id: trainingIds[1] }, data: { stageNumber: stage.number } });
    const elsewhere = await prisma.kecamatan.findFirstOrThrow({ where: { kabupaten: { provinceCode: "74" } } });
    await prisma.training.updateMany({
      where: { id: trainingIds[0] },
      data: { level: "VILLAGE_SESSION", provinceCode: "74", kabupatenCode: elsewhere.kabupatenCode, kecamatanCode: elsewhere.code },
    });
    await expectCopiesCurrent();
  });

  it("follows the people when they move or change institution, and writes nothing for other edits", async () => {
    await prisma.person.updateMany({ where: { id: personIds[3] }, data: { ...home(39), institution: "FASILITATOR_KECAMATAN" } });
    await prisma.person.updateMany({ where: { id: personIds[0] }, data: { homeKecamatanCode: null, homeVillageCode: null } });
    await expectCopiesCurrent();
    const before = await prisma.$queryRawUnsafe<{ xmin: string }[]>(
      "SELECT xmin::text FROM participation WHERE person_id = ANY($1::uuid[]) ORDER BY enrollment_id",
      personIds,
    );
    await prisma.person.updateMany({ where: { id: { in: personIds } }, data: { phone: sealPersonal("phone", "0811000000") } });
    const after = await prisma.$queryRawUnsafe<{ xmin: string }[]>(
      "SELECT xmin::text FROM participation WHERE person_id = ANY($1::uuid[]) ORDER BY enrollment_id",
      personIds,
    );
    expect(after).toEqual(before);
  });

  it("drops the copies of deleted enrolments, also when their training is deleted", async () => {
    await prisma.enrollment.deleteMany({ where: { personId: personIds[0] } });
    await expectCopiesCurrent();
    await prisma.training.deleteMany({ where: { id: { in: trainingIds } } });
    await expectCopiesCurrent();
    const left = await prisma.$queryRawUnsafe<unknown[]>("SELECT 1 FROM participation WHERE person_id = ANY($1::uuid[])", personIds);
    expect(left).toEqual([]);
  });
});
