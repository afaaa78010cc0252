import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, type RunningServer, sharedDatabase, silentProgress, startServer, testAdminKey, unlimitedRates, removeMarkedRows } from "@p3pd/server/testing";
import {
  AuthenticationError,
  successOf,
  ValidationError,
  CertifiedTrainersDocument,
  createClient,
  ForbiddenError,
  PeopleDocument,
  RegionTrainingsDocument,
  TrainingsDocument,
  type P3pdClient,
  type ParticipantRowInput,
} from "@p3pd/sdk";
import { rejectionAs } from "../support/rejection.js";

// A server that accepts the test admin key for writes, over the shared database. Everything this
// file writes carries `marker` in a title or name, and is deleted afterwards by it.
const marker = `Uji SDK ${randomBytes(4).toString("hex")}`;

let server: RunningServer;
let admin: P3pdClient;
let anonymous: P3pdClient;

beforeAll(async () => {
  server = await startServer({ database: sharedDatabase(), port: 0, progress: silentProgress, adminKey: testAdminKey, http: unlimitedRates });
  const url = `${server.url}/graphql`;
  admin = createClient({ url, apiKey: testAdminKey });
  anonymous = createClient({ url });
});

afterAll(async () => {
  if (!server) return;
  await removeMarkedRows(server.prisma, marker);
  await server.close();
});

/** Days from `startsOn` to `endsOn`, both included, as the API counts a training's days. */
const daysBetween = (startsOn: string, endsOn: string) => (Date.parse(endsOn) - Date.parse(startsOn)) / 86_400_000 + 1;

const tot = { startsOn: "2024-06-28", endsOn: "2024-07-02" };

/** What the flow below creates, shared by the tests that follow it (they run in order). */
const flow = {
  totId: "",
  trainerId: "",
  failedId: "",
  trainerHome: "",
  kecamatanTrainingId: "",
};

/** Two villages of a real kecamatan of Kota Makassar, as the API lists them. */
async function homeVillages(): Promise<[string, string]> {
  const { kecamatan } = await admin.kecamatan({ code: "73.71.01", first: 2 });
  const [first, second] = kecamatan?.villages.nodes ?? [];
  if (!first || !second) return expect.fail("kecamatan 73.71.01 should have at least two villages");
  return [first.code, second.code];
}

describe("writes without a key that may write", () => {
  it("reject with AuthenticationError without a key, and ForbiddenError with another key, writing nothing", async () => {
    const input = { level: "PROVINCIAL_TOT", regionCode: "73", title: `${marker} refused`, stage: 3 } as const;
    await rejectionAs(anonymous.createTraining({ input }), AuthenticationError);
    const someTrainingId = Buffer.from("Training:00000000-0000-7000-8000-000000000000").toString("base64");
    await rejectionAs(anonymous.importParticipants({ trainingId: someTrainingId, rows: [] }, { idempotent: true }), AuthenticationError);
    const partner = createClient({ url: `${server.url}/graphql`, apiKey: (await createApiKey(server.prisma, { role: "PARTNER", name: marker })).key });
    await rejectionAs(partner.createTraining({ input }), ForbiddenError);
    const { trainings } = await admin.trainings({ regionCode: "73", level: "PROVINCIAL_TOT", first: 100 });
    expect(trainings.nodes.filter((training) => training.title.includes(marker))).toEqual([]);
  });
});

describe("a provincial ToT, from creation to certified trainers", () => {
  it("answers reversed dates with a ValidationError union member naming endsOn", async () => {
    const { createTraining } = await admin.createTraining({
      input: { level: "PROVINCIAL_TOT", regionCode: "73", stage: 3, title: `${marker} reversed`, startsOn: tot.endsOn, endsOn: tot.startsOn },
    });
    expect(createTraining.__typename).toBe("ValidationError");
    if (createTraining.__typename !== "ValidationError") return;
    expect(createTraining.field).toBe("endsOn");
    expect(createTraining.message).not.toBe("");
    // The same answer, as an exception the caller can catch by class.
    const refusal = (() => {
      try {
        successOf(createTraining);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(ValidationError);
    expect(refusal).toMatchObject({ field: "endsOn", typename: "ValidationError", message: createTraining.message });
  });

  it("creates a stage-3 ToT in province 73 with the curriculum's modules, and updates its venue", async () => {
    const { curriculumModules } = await admin.curriculumModules();
    const created = successOf(
      (await admin.createTraining({ input: { level: "PROVINCIAL_TOT", regionCode: "73", stage: 3, title: `${marker} ToT`, ...tot } }))
        .createTraining,
    );
    expect(created).toMatchObject({ level: "PROVINCIAL_TOT", status: "PLANNED", regionCode: "73", stage: { number: 3 }, ...tot });
    expect(created.days).toBe(daysBetween(tot.startsOn, tot.endsOn));
    expect(created.region.code).toBe("73");
    expect(created.modules.map((module) => module.number)).toEqual(curriculumModules.map((module) => module.number));
    flow.totId = created.id;

    const updated = successOf((await admin.updateTraining({ id: created.id, input: { venue: `${marker} venue` } })).updateTraining);
    expect(updated).toMatchObject({ id: created.id, venue: `${marker} venue`, title: created.title });
  });

  it("registers people, updates one, and refuses a second enrollment of the same person as a ConflictError", async () => {
    const [trainerHome, otherHome] = await homeVillages();
    flow.trainerHome = trainerHome;
    const nik = `73${String(Date.now()).slice(-8)}${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
    const trainer = successOf(
      (await admin.registerPerson({ input: { fullName: `${marker} Trainer`, nik, institution: "DPMD", homeRegionCode: trainerHome } }))
        .registerPerson,
    );
    expect(trainer).toMatchObject({ fullName: `${marker} Trainer`, nik, institution: "DPMD", homeRegionCode: trainerHome });
    expect(trainer.homeRegion.code).toBe(trainerHome);
    const failed = successOf(
      (await admin.registerPerson({ input: { fullName: `${marker} Peserta`, institution: "BAPPEDA", homeRegionCode: otherHome } }))
        .registerPerson,
    );
    const updated = successOf((await admin.updatePerson({ id: trainer.id, input: { position: "Kepala Bidang" } })).updatePerson);
    expect(updated).toMatchObject({ id: trainer.id, position: "Kepala Bidang", nik });
    flow.trainerId = trainer.id;
    flow.failedId = failed.id;

    for (const personId of [trainer.id, failed.id]) {
      const enrollment = successOf((await admin.enroll({ input: { trainingId: flow.totId, personId, role: "PARTICIPANT" } })).enroll);
      expect(enrollment).toMatchObject({ role: "PARTICIPANT", completed: false, person: { id: personId }, training: { id: flow.totId } });
    }
    const { enroll: again } = await admin.enroll({ input: { trainingId: flow.totId, personId: trainer.id, role: "PARTICIPANT" } });
    expect(again.__typename).toBe("ConflictError");
  });

  it("records attendance and scores, completes the training, and certifies only who passed", async () => {
    const { node } = await admin.training({ id: flow.totId, first: 100 });
    if (node?.__typename !== "Training") return expect.fail("the ToT should resolve as a Training");
    const days = node.days ?? 0;
    const enrollmentOf = (personId: string) => node.enrollments.nodes.find((enrollment) => enrollment.person.id === personId);
    const scores = new Map([
      [flow.trainerId, { preTestScore: 55, postTestScore: node.passThreshold }],
      [flow.failedId, { preTestScore: 40, postTestScore: node.passThreshold - 1 }],
    ]);
    for (const [personId, { preTestScore, postTestScore }] of scores) {
      const enrollmentId = enrollmentOf(personId)?.id ?? "";
      const attended = successOf((await admin.recordAttendance({ enrollmentId, daysAttended: days })).recordAttendance);
      expect(attended.daysAttended).toBe(days);
      const scored = successOf((await admin.recordScores({ enrollmentId, preTestScore, postTestScore })).recordScores);
      expect(scored).toMatchObject({ preTestScore, postTestScore, daysAttended: days });
    }

    const completed = successOf((await admin.completeTraining({ id: flow.totId })).completeTraining);
    expect(completed.status).toBe("COMPLETED");
    const { node: after } = await admin.training({ id: flow.totId, role: "PARTICIPANT", first: 100 });
    if (after?.__typename !== "Training") return expect.fail("the ToT should resolve as a Training");
    expect(after.enrollments.totalCount).toBe(2);
    const outcome = Object.fromEntries(after.enrollments.nodes.map((e) => [e.person.id, [e.completed, e.certifiedTrainer]]));
    expect(outcome).toEqual({ [flow.trainerId]: [true, true], [flow.failedId]: [false, false] });
  });

  it("reads back the certified trainer's reach, and lists them among their region's certified trainers", async () => {
    const { node: trainer } = await admin.person({ id: flow.trainerId, first: 100 });
    if (trainer?.__typename !== "Person") return expect.fail("the trainer should resolve as a Person");
    expect(trainer.reach).toEqual({ trainingsFacilitated: 0, peopleTrained: 0, kecamatanCovered: 0, villagesReached: 0 });
    expect(trainer.enrollments.nodes.map((e) => [e.training.id, e.certifiedTrainer])).toEqual([[flow.totId, true]]);
    const { node: failed } = await admin.person({ id: flow.failedId });
    if (failed?.__typename !== "Person") return expect.fail("the participant should resolve as a Person");
    expect(failed.reach).toBeNull();

    const trainers = await admin.paginate(CertifiedTrainersDocument, { code: "73.71" }).collect();
    const ids = trainers.map((person) => person.id);
    expect(ids).toContain(flow.trainerId);
    expect(ids).not.toContain(flow.failedId);
  });

  it("finds the ToT by level, status, stage and region, and not among another region's trainings", async () => {
    const filters = { level: "PROVINCIAL_TOT", status: "COMPLETED", stage: 3, regionCode: "73" } as const;
    const found = await admin.paginate(TrainingsDocument, filters).collect();
    expect(found.map((training) => training.id)).toContain(flow.totId);
    for (const training of found) {
      expect(training).toMatchObject({ level: "PROVINCIAL_TOT", status: "COMPLETED", stage: { number: 3 }, regionCode: "73" });
    }
    const elsewhere = await admin.paginate(TrainingsDocument, { ...filters, regionCode: "74" }).collect();
    expect(elsewhere.map((training) => training.id)).not.toContain(flow.totId);
  });
});

describe("a kecamatan training taught by the certified trainer", () => {
  it("imports participants all at once, and a second identical import changes nothing", async () => {
    const created = successOf(
      (
        await admin.createTraining({
          input: { level: "KECAMATAN_TRAINING", regionCode: "73.71", title: `${marker} kecamatan`, startsOn: "2024-08-01", endsOn: "2024-08-03" },
        })
      ).createTraining,
    );
    flow.kecamatanTrainingId = created.id;
    const trainer = successOf((await admin.enroll({ input: { trainingId: created.id, personId: flow.trainerId, role: "TRAINER" } })).enroll);
    expect(trainer.role).toBe("TRAINER");

    const { kabupaten } = await admin.kabupaten({ code: "73.71", first: 3 });
    const rows: ParticipantRowInput[] = (kabupaten?.kecamatans.nodes ?? []).map((kecamatan, index) => ({
      line: index + 2,
      fullName: `${marker} Aparatur ${index}`,
      institution: "KECAMATAN",
      homeRegionCode: kecamatan.code,
      daysAttended: 3,
      preTestScore: 50,
      postTestScore: 90,
    }));
    expect(rows).toHaveLength(3);
    const first = successOf((await admin.importParticipants({ trainingId: created.id, rows }, { idempotent: true })).importParticipants);
    expect(first).toEqual({ rows: 3, peopleCreated: 3, peopleMatched: 0, enrolled: 3, updated: 0, unchanged: 0 });
    const second = successOf((await admin.importParticipants({ trainingId: created.id, rows }, { idempotent: true })).importParticipants);
    expect(second).toEqual({ rows: 3, peopleCreated: 0, peopleMatched: 3, enrolled: 0, updated: 0, unchanged: 3 });
  });

  it("refuses a file with a bad row as an InvalidRowsError naming its line, writing nothing", async () => {
    const rows: ParticipantRowInput[] = [
      { line: 7, fullName: `${marker} Salah`, institution: "KECAMATAN", homeRegionCode: "73.71.99" },
    ];
    const { importParticipants } = await admin.importParticipants({ trainingId: flow.kecamatanTrainingId, rows });
    expect(importParticipants.__typename).toBe("InvalidRowsError");
    if (importParticipants.__typename !== "InvalidRowsError") return;
    expect(importParticipants.rows).toEqual([expect.objectContaining({ line: 7, field: "homeRegionCode" })]);
    const { people } = await admin.people({ search: `${marker} Salah` });
    expect(people.totalCount).toBe(0);
  });

  it("counts the training in the trainer's reach once it is completed", async () => {
    successOf((await admin.completeTraining({ id: flow.kecamatanTrainingId })).completeTraining);
    const { node } = await admin.person({ id: flow.trainerId });
    if (node?.__typename !== "Person") return expect.fail("the trainer should resolve as a Person");
    const { kabupaten } = await admin.kabupaten({ code: "73.71", first: 3 });
    expect(node.reach).toEqual({
      trainingsFacilitated: 1,
      peopleTrained: 3,
      kecamatanCovered: kabupaten?.kecamatans.nodes.length,
      villagesReached: 0,
    });
  });

  it("lists it among the trainings of its kabupaten's subtree and not of a kabupaten elsewhere", async () => {
    const inKabupaten = await admin.paginate(RegionTrainingsDocument, { code: "73.71" }).collect();
    const ids = inKabupaten.map((training) => training.id);
    expect(ids).toContain(flow.kecamatanTrainingId);
    // The ToT is held in the province, above the kabupaten's subtree.
    expect(ids).not.toContain(flow.totId);
    const inProvince = await admin.paginate(RegionTrainingsDocument, { code: "73", level: "KECAMATAN_TRAINING" }).collect();
    expect(inProvince.map((training) => training.id)).toContain(flow.kecamatanTrainingId);
    const { region } = await admin.regionTrainings({ code: "73.72" });
    expect(region?.trainings.nodes.map((training) => training.id)).not.toContain(flow.kecamatanTrainingId);
  });

  it("finds the people by name, home region and institution", async () => {
    const everyone = await admin.paginate(PeopleDocument, { search: marker }).collect();
    expect(everyone.map((person) => person.id)).toEqual(expect.arrayContaining([flow.trainerId, flow.failedId]));
    expect(everyone).toHaveLength(5);
    const apparatus = await admin.paginate(PeopleDocument, { search: marker, institution: "KECAMATAN", regionCode: "73.71" }).collect();
    expect(apparatus.map((person) => person.fullName).sort()).toEqual([0, 1, 2].map((i) => `${marker} Aparatur ${i}`));
    const atTrainerHome = await admin.paginate(PeopleDocument, { search: marker, regionCode: flow.trainerHome }).collect();
    expect(atTrainerHome.map((person) => person.id)).toEqual([flow.trainerId]);
  });
});

describe("a training that is called off", () => {
  it("is CANCELLED by cancelTraining, again without error, while a completed one cannot be (ConflictError)", async () => {
    const created = successOf(
      (await admin.createTraining({ input: { level: "KECAMATAN_TRAINING", regionCode: "73.71", title: `${marker} batal` } })).createTraining,
    );
    const cancelled = successOf((await admin.cancelTraining({ id: created.id })).cancelTraining);
    expect(cancelled.status).toBe("CANCELLED");
    expect(successOf((await admin.cancelTraining({ id: created.id })).cancelTraining).status).toBe("CANCELLED");

    const { cancelTraining: completed } = await admin.cancelTraining({ id: flow.totId });
    expect(completed.__typename).toBe("ConflictError");
    if (completed.__typename !== "ConflictError") return;
    expect(completed.conflictField).toBe("id");
    expect(completed.message).toContain("COMPLETED");
  });
});
