import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "./support/graphql-api.js";
import { rowIdOf } from "./support/row-id.js";

const api = createTestApi();

/**
 * Appended to every title and name this file writes, so "nothing was written" is checked on
 * this file's rows alone while other test files write to the shared database in parallel.
 */
const marker = `cw-${process.pid}-${Date.now().toString(36)}`;
const marked = (text: unknown) => (typeof text === "string" && text.trim() !== "" ? `${text} ${marker}` : text);

/** Everything this file creates is removed afterwards, so other suites see the tree unchanged. */
const created = { trainings: new Set<string>(), people: new Set<string>() };
afterAll(async () => {
  await api.prisma.training.deleteMany({ where: { id: { in: [...created.trainings] } } });
  await api.prisma.enrollment.deleteMany({ where: { personId: { in: [...created.people] } } });
  await api.prisma.person.deleteMany({ where: { id: { in: [...created.people] } } });
  await api.close();
});

const errorFields = `
  __typename
  ... on Error { message }
  ... on ValidationError { field }
  ... on ConflictError { conflictField: field }
  ... on NotFoundError { entity missingId: id }`;

interface MutationResult<Data> {
  __typename: string;
  data?: Data;
  message?: string;
  field?: string;
  conflictField?: string | null;
  missingId?: string;
  entity?: string;
}


async function mutate<Data>(field: string, signature: string, call: string, selection: string, variables: Record<string, unknown>) {
  const response = await api.query<Record<string, MutationResult<Data>>>(
    `mutation (${signature}) { ${field}(${call}) { ${errorFields} ... on ${field[0]!.toUpperCase()}${field.slice(1)}Success { data { ${selection} } } } }`,
    variables,
  );
  expect(response.errors).toBeUndefined();
  return response.data![field]!;
}

interface TrainingData { id: string; level: string; regionCode: string; status: string; days: number | null; stage: { number: number } | null; modules: { number: number }[] }
const trainingSelection = "id level regionCode status days stage { number } modules { number }";

async function createTraining(input: Record<string, unknown>) {
  const result = await mutate<TrainingData>("createTraining", "$input: CreateTrainingInput!", "input: $input", trainingSelection, {
    input: { ...input, title: marked(input.title) },
  });
  if (result.data) created.trainings.add(rowIdOf(result.data.id));
  return result;
}

interface PersonData { id: string; homeRegionCode: string; nik: string | null }
async function registerPerson(input: Record<string, unknown>) {
  const result = await mutate<PersonData>("registerPerson", "$input: RegisterPersonInput!", "input: $input", "id homeRegionCode nik", {
    input: { ...input, fullName: marked(input.fullName) },
  });
  if (result.data) created.people.add(rowIdOf(result.data.id));
  return result;
}

interface EnrollmentData { id: string; role: string; completed: boolean; certifiedTrainer: boolean }
const enroll = (trainingId: string, personId: string, role: string) =>
  mutate<EnrollmentData>("enroll", "$input: EnrollInput!", "input: $input", "id role completed certifiedTrainer", {
    input: { trainingId, personId, role },
  });
const recordAttendance = (enrollmentId: string, daysAttended: number) =>
  mutate<EnrollmentData>("recordAttendance", "$id: ID!, $days: Int!", "enrollmentId: $id, daysAttended: $days", "id", { id: enrollmentId, days: daysAttended });
const recordScores = (enrollmentId: string, pre: number | null, post: number | null) =>
  mutate<EnrollmentData>("recordScores", "$id: ID!, $pre: Int, $post: Int", "enrollmentId: $id, preTestScore: $pre, postTestScore: $post", "id", {
    id: enrollmentId,
    pre,
    post,
  });
const completeTraining = (id: string) => mutate<TrainingData>("completeTraining", "$id: ID!", "id: $id", trainingSelection, { id });

/** A unique, valid 16-digit NIK starting with the home kecamatan code's digits. */
let nikCounter = 0;
const nextNik = (prefix: string) => `${prefix.replaceAll(".", "")}${String(Date.now() % 1e6).padStart(6, "0")}${String(nikCounter++).padStart(4, "0")}`.slice(0, 16);

/** Rows this file wrote (see `marker`). */
async function counts() {
  const [trainings, people, enrollments] = await Promise.all([
    api.prisma.training.count({ where: { title: { contains: marker } } }),
    api.prisma.person.count({ where: { fullName: { contains: marker } } }),
    api.prisma.enrollment.count({ where: { OR: [{ training: { title: { contains: marker } } }, { person: { fullName: { contains: marker } } }] } }),
  ]);
  return { trainings, people, enrollments };
}

describe("createTraining", () => {
  it("creates a ToT in a stage province with all eight modules by default", async () => {
    const result = await createTraining({ level: "PROVINCIAL_TOT", regionCode: "73", stage: 3, title: "ToT Sulawesi Selatan", startsOn: "2024-06-28", endsOn: "2024-07-02" });
    expect(result.__typename).toBe("CreateTrainingSuccess");
    expect(result.data).toMatchObject({ level: "PROVINCIAL_TOT", regionCode: "73", status: "PLANNED", days: 5, stage: { number: 3 } });
    expect(result.data?.modules.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it.each([
    ["dates reversed", { level: "PROVINCIAL_TOT", regionCode: "73", title: "x", startsOn: "2024-06-28", endsOn: "2024-06-01" }, "endsOn", /must not be before/],
    ["a kabupaten code for a ToT", { level: "PROVINCIAL_TOT", regionCode: "73.71", title: "x" }, "regionCode", /kabupaten\/kota code; a province code/],
    ["a province code for a kecamatan training", { level: "KECAMATAN_TRAINING", regionCode: "73", title: "x" }, "regionCode", /a kabupaten\/kota code is needed/],
    ["a region that does not exist", { level: "VILLAGE_SESSION", regionCode: "73.71.99", title: "x" }, "regionCode", /No kecamatan has the code/],
    ["a malformed region code", { level: "PROVINCIAL_TOT", regionCode: "7x", title: "x" }, "regionCode", /not a region code/],
    ["a stage on a kecamatan training", { level: "KECAMATAN_TRAINING", regionCode: "73.71", stage: 3, title: "x" }, "stage", /Only a PROVINCIAL_TOT/],
    ["a province outside its stage", { level: "PROVINCIAL_TOT", regionCode: "73", stage: 1, title: "x" }, "stage", /Province 73 is not part of stage 1/],
    ["a stage that does not exist", { level: "PROVINCIAL_TOT", regionCode: "73", stage: 9, title: "x" }, "stage", /no stage 9/],
    ["an empty title", { level: "PROVINCIAL_TOT", regionCode: "73", title: "  " }, "title", /must not be empty/],
    ["a pass threshold over 100", { level: "PROVINCIAL_TOT", regionCode: "73", title: "x", passThreshold: 101 }, "passThreshold", /from 0 to 100/],
    ["a module that does not exist", { level: "PROVINCIAL_TOT", regionCode: "73", title: "x", moduleNumbers: [1, 9] }, "moduleNumbers", /from 1 to 8/],
    ["status COMPLETED at creation", { level: "PROVINCIAL_TOT", regionCode: "73", title: "x", status: "COMPLETED" }, "status", /completeTraining/],
  ])("refuses %s with a ValidationError naming the field, and writes nothing", async (_case, input, field, message) => {
    const before = await counts();
    const result = await createTraining(input);
    expect(result).toMatchObject({ __typename: "ValidationError", field });
    expect(result.message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it("answers a malformed date with BAD_USER_INPUT before running", async () => {
    const response = await api.query("mutation { createTraining(input: { level: PROVINCIAL_TOT, regionCode: \"73\", title: \"x\", startsOn: \"2024-02-30\" }) { __typename } }");
    expect(response.errors?.[0]?.message).toMatch(/Expected a date like "2024-06-18", from 1900-01-01 to 2199-12-31, got "2024-02-30", which is no calendar day/);
  });
});

describe("people", () => {
  it("refuses a NIK that is not 16 digits, and one already taken", async () => {
    const before = await counts();
    const short = await registerPerson({ fullName: "Andi", nik: "12345", institution: "BAPPEDA", homeRegionCode: "73.71" });
    expect(short).toMatchObject({ __typename: "ValidationError", field: "nik" });
    const nik = nextNik("73.71.01");
    const first = await registerPerson({ fullName: "Andi", nik, institution: "BAPPEDA", homeRegionCode: "73.71" });
    expect(first.__typename).toBe("RegisterPersonSuccess");
    const afterFirst = await counts();
    expect(afterFirst.people).toBe(before.people + 1);
    const taken = await registerPerson({ fullName: "Budi", nik, institution: "BAPPEDA", homeRegionCode: "73.71" });
    expect(taken).toMatchObject({ __typename: "ConflictError", conflictField: "nik" });
    expect(await counts()).toEqual(afterFirst);
  });

  it("refuses a home region that does not exist, and a malformed email", async () => {
    expect(await registerPerson({ fullName: "Citra", institution: "DPMD", homeRegionCode: "73.99" })).toMatchObject({ __typename: "ValidationError", field: "homeRegionCode" });
    expect(await registerPerson({ fullName: "Citra", institution: "DPMD", homeRegionCode: "73", email: "citra-at-example" })).toMatchObject({ __typename: "ValidationError", field: "email" });
  });

  it("answers an id that does not exist with a NotFoundError naming the global ID that was sent, never the row id", async () => {
    const rowId = "0190f3c4-0000-7000-8000-000000000000";
    const missing = Buffer.from(`Person:${rowId}`).toString("base64");
    const result = await mutate("updatePerson", "$id: ID!", 'id: $id, input: { fullName: "X" }', "id", { id: missing });
    expect(result).toMatchObject({ __typename: "NotFoundError", entity: "person", missingId: missing, message: `No person has the id "${missing}".` });
    expect(JSON.stringify(result)).not.toContain(rowId);
  });
});

describe("the cascade, end to end", () => {
  // Each test builds the steps of the cascade it starts from (a certified trainer, a graduate of
  // their kecamatan training, a village session), with people of its own, so it stands alone.

  /** A completed ToT in Sulawesi Selatan that certified one trainer from Kota Makassar. */
  async function certifiedTrainer() {
    const tot = (await createTraining({ level: "PROVINCIAL_TOT", regionCode: "73", stage: 3, title: "ToT", startsOn: "2024-06-28", endsOn: "2024-06-30", status: "ONGOING" })).data!;
    const trainer = (await registerPerson({ fullName: "Dewi Lestari", nik: nextNik("73.71.01"), institution: "INSPEKTORAT", homeRegionCode: "73.71" })).data!;
    const passed = (await enroll(tot.id, trainer.id, "PARTICIPANT")).data!;
    await recordAttendance(passed.id, 3);
    await recordScores(passed.id, 55, 82);
    expect((await completeTraining(tot.id)).data?.status).toBe("COMPLETED");
    return { tot, trainer };
  }

  /** A kecamatan apparatus of Mariso (73.71.01). */
  const newApparatus = async () => (await registerPerson({ fullName: "Eko Saputra", institution: "KECAMATAN", homeRegionCode: "73.71.01" })).data!;

  /** A kecamatan training in Kota Makassar taught by `trainer`. */
  async function kecamatanTrainingBy(trainer: PersonData) {
    const training = (await createTraining({ level: "KECAMATAN_TRAINING", regionCode: "73.71", title: "Pelatihan Aparatur Kecamatan", startsOn: "2024-08-01", endsOn: "2024-08-02" })).data!;
    expect((await enroll(training.id, trainer.id, "TRAINER")).__typename).toBe("EnrollSuccess");
    return training;
  }

  /** `apparatus` enrolled in `training`, attending both days and passing, then the training completed. */
  async function graduate(training: TrainingData, apparatus: PersonData) {
    const enrollment = (await enroll(training.id, apparatus.id, "PARTICIPANT")).data!;
    await recordAttendance(enrollment.id, 2);
    await recordScores(enrollment.id, 40, 75);
    expect((await completeTraining(training.id)).__typename).toBe("CompleteTrainingSuccess");
  }

  it("certifies a ToT participant who attended every day and passed, and only them", async () => {
    const tot = (await createTraining({ level: "PROVINCIAL_TOT", regionCode: "73", stage: 3, title: "ToT", startsOn: "2024-06-28", endsOn: "2024-06-30", status: "ONGOING" })).data!;
    const trainer = (await registerPerson({ fullName: "Dewi Lestari", nik: nextNik("73.71.01"), institution: "INSPEKTORAT", homeRegionCode: "73.71" })).data!;
    const passer = (await enroll(tot.id, trainer.id, "PARTICIPANT")).data!;
    const absentee = (await registerPerson({ fullName: "Fajar", institution: "BAPPEDA", homeRegionCode: "73.71" })).data!;
    const absent = (await enroll(tot.id, absentee.id, "PARTICIPANT")).data!;
    await recordAttendance(passer.id, 3);
    await recordScores(passer.id, 55, 82);
    await recordAttendance(absent.id, 2);
    await recordScores(absent.id, 60, 95);
    expect((await completeTraining(tot.id)).data?.status).toBe("COMPLETED");
    const enrollments = await api.prisma.enrollment.findMany({ where: { trainingId: rowIdOf(tot.id) }, orderBy: { personId: "asc" } });
    const byPerson = new Map(enrollments.map((e) => [e.personId, e]));
    expect(byPerson.get(rowIdOf(trainer.id))).toMatchObject({ completed: true, certifiedTrainer: true });
    expect(byPerson.get(rowIdOf(absentee.id))).toMatchObject({ completed: false, certifiedTrainer: false });
  });

  it("refuses to enroll anyone in a completed training", async () => {
    const { tot } = await certifiedTrainer();
    expect(await enroll(tot.id, (await newApparatus()).id, "PARTICIPANT")).toMatchObject({ __typename: "ConflictError", conflictField: "trainingId" });
  });

  it("lets only a certified trainer from that kabupaten teach a kecamatan training", async () => {
    const { trainer } = await certifiedTrainer();
    const apparatus = await newApparatus();
    const kecamatanTraining = (await createTraining({ level: "KECAMATAN_TRAINING", regionCode: "73.71", title: "Pelatihan Aparatur Kecamatan", startsOn: "2024-08-01", endsOn: "2024-08-02" })).data!;
    const uncertified = await enroll(kecamatanTraining.id, apparatus.id, "TRAINER");
    expect(uncertified).toMatchObject({ __typename: "ValidationError", field: "personId" });
    const elsewhere = (await createTraining({ level: "KECAMATAN_TRAINING", regionCode: "73.72", title: "Elsewhere" })).data!;
    expect(await enroll(elsewhere.id, trainer.id, "TRAINER")).toMatchObject({ __typename: "ValidationError", field: "personId" });
    expect((await enroll(kecamatanTraining.id, trainer.id, "TRAINER")).__typename).toBe("EnrollSuccess");
  });

  it("refuses to enroll the same person twice", async () => {
    const kecamatanTraining = await kecamatanTrainingBy((await certifiedTrainer()).trainer);
    const apparatus = await newApparatus();
    const first = await enroll(kecamatanTraining.id, apparatus.id, "PARTICIPANT");
    expect(first.__typename).toBe("EnrollSuccess");
    const before = await counts();
    expect(await enroll(kecamatanTraining.id, apparatus.id, "PARTICIPANT")).toMatchObject({ __typename: "ConflictError", conflictField: "personId" });
    expect(await counts()).toEqual(before);
  });

  it("refuses scores outside 0–100 and attendance beyond the training's days", async () => {
    const kecamatanTraining = await kecamatanTrainingBy((await certifiedTrainer()).trainer);
    const apparatus = await newApparatus();
    expect((await enroll(kecamatanTraining.id, apparatus.id, "PARTICIPANT")).__typename).toBe("EnrollSuccess");
    const enrollment = await api.prisma.enrollment.findFirstOrThrow({ where: { trainingId: rowIdOf(kecamatanTraining.id), personId: rowIdOf(apparatus.id) } });
    const id = Buffer.from(`Enrollment:${enrollment.id}`).toString("base64");
    expect(await recordScores(id, -1, 50)).toMatchObject({ __typename: "ValidationError", field: "preTestScore" });
    expect(await recordScores(id, 50, 101)).toMatchObject({ __typename: "ValidationError", field: "postTestScore" });
    expect(await recordAttendance(id, 3)).toMatchObject({ __typename: "ValidationError", field: "daysAttended" });
    const unchanged = await api.prisma.enrollment.findUniqueOrThrow({ where: { id: enrollment.id } });
    expect(unchanged).toMatchObject({ preTestScore: null, postTestScore: null, daysAttended: 0 });
    await recordAttendance(id, 2);
    await recordScores(id, 40, 75);
    expect((await completeTraining(kecamatanTraining.id)).__typename).toBe("CompleteTrainingSuccess");
    const graduated = await api.prisma.enrollment.findUniqueOrThrow({ where: { id: enrollment.id } });
    expect(graduated).toMatchObject({ completed: true, certifiedTrainer: false });
  });

  it("lets only a graduate living in the kecamatan lead its village session, and follows the reach", async () => {
    const { trainer } = await certifiedTrainer();
    const apparatus = await newApparatus();
    await graduate(await kecamatanTrainingBy(trainer), apparatus);
    const session = (await createTraining({ level: "VILLAGE_SESSION", regionCode: "73.71.01", title: "Sesi Desa" })).data!;
    expect(await enroll(session.id, trainer.id, "TRAINER")).toMatchObject({ __typename: "ValidationError", field: "personId" });
    expect((await enroll(session.id, apparatus.id, "TRAINER")).__typename).toBe("EnrollSuccess");
    const official = (await registerPerson({ fullName: "Gita", institution: "DESA", homeRegionCode: "73.71.01.1001" })).data!;
    expect((await enroll(session.id, official.id, "PARTICIPANT")).__typename).toBe("EnrollSuccess");

    const response = await api.query<{ node: { reach: unknown } ; region: { certifiedTrainers: { nodes: { id: string }[] } } }>(
      'query ($id: ID!) { node(id: $id) { ... on Person { reach { trainingsFacilitated peopleTrained kecamatanCovered villagesReached } } } region(code: "73.71") { certifiedTrainers(first: 100) { nodes { id } } } }',
      { id: trainer.id },
    );
    expect(response.data?.node.reach).toEqual({ trainingsFacilitated: 1, peopleTrained: 2, kecamatanCovered: 1, villagesReached: 1 });
    expect(response.data?.region.certifiedTrainers.nodes.map((n) => n.id)).toContain(trainer.id);
    const notCertified = await api.query<{ node: { reach: unknown } }>("query ($id: ID!) { node(id: $id) { ... on Person { reach { peopleTrained } } } }", { id: apparatus.id });
    expect(notCertified.data?.node.reach).toBeNull();
  });

  it("lists a region's trainings from its whole subtree, filtered", async () => {
    const { tot, trainer } = await certifiedTrainer();
    const kecamatanTraining = await kecamatanTrainingBy(trainer);
    const session = (await createTraining({ level: "VILLAGE_SESSION", regionCode: "73.71.01", title: "Sesi Desa" })).data!;
    const response = await api.query<{ province: { trainings: { nodes: { id: string; level: string }[] } } }>(
      '{ province(code: "73") { trainings(first: 100) { totalCount nodes { id level } } } }',
    );
    const ids = response.data?.province.trainings.nodes.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining([tot.id, kecamatanTraining.id, session.id]));
    const sessions = await api.query<{ trainings: { nodes: { id: string }[] } }>(
      'query { trainings(regionCode: "73.71.01", level: VILLAGE_SESSION, first: 100) { nodes { id } } }',
    );
    expect(sessions.data?.trainings.nodes.map((t) => t.id)).toContain(session.id);
    expect(sessions.data?.trainings.nodes.map((t) => t.id)).not.toContain(kecamatanTraining.id);
  });

  it("gives a village no trainings, since none is held below a kecamatan", async () => {
    const response = await api.query('{ village(code: "73.71.01.1001") { trainings { totalCount nodes { id } } } }');
    expect(response).toEqual({ data: { village: { trainings: { totalCount: 0, nodes: [] } } }, extensions: { rateLimit: expect.any(Object) } });
  });

  it("answers a mutation that selects only __typename", async () => {
    const spare = (await createTraining({ level: "KECAMATAN_TRAINING", regionCode: "73.71", title: "Spare" })).data!;
    const response = await api.query<{ cancelTraining: { __typename: string } }>("mutation ($id: ID!) { cancelTraining(id: $id) { __typename } }", { id: spare.id });
    expect(response).toEqual({ data: { cancelTraining: { __typename: "CancelTrainingSuccess" } }, extensions: { rateLimit: expect.any(Object) } });
  });
});
