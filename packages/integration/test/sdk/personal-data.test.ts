import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, type RunningServer, sharedDatabase, silentProgress, startServer, testAdminKey, unlimitedRates, removeMarkedRows } from "@p3pd/server/testing";
import { AuthenticationError, createClient, ForbiddenError, successOf, type P3pdClient } from "@p3pd/sdk";
import { rejectionAs } from "../support/rejection.js";

// Everything this file writes carries `marker` in a title or name, and is deleted afterwards by it.
const marker = `Uji hak ${randomBytes(4).toString("hex")}`;

let server: RunningServer;
let admin: P3pdClient;
const subject = { personId: "", enrollmentId: "", trainingId: "", nik: "" };

const clientWith = async (role: "PARTNER" | "STAFF", regionCode?: string) =>
  createClient({ url: `${server.url}/graphql`, apiKey: (await createApiKey(server.prisma, { role, regionCode, name: marker })).key });

beforeAll(async () => {
  server = await startServer({ database: sharedDatabase(), port: 0, progress: silentProgress, adminKey: testAdminKey, http: unlimitedRates });
  admin = createClient({ url: `${server.url}/graphql`, apiKey: testAdminKey });
  const training = successOf(
    (await admin.createTraining({ input: { level: "PROVINCIAL_TOT", regionCode: "73", stage: 3, title: `${marker} ToT`, startsOn: "2024-06-28", endsOn: "2024-06-30" } }))
      .createTraining,
  );
  subject.trainingId = training.id;
  subject.nik = `73${String(Date.now()).slice(-8)}${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
  const person = successOf(
    (await admin.registerPerson({ input: { fullName: `${marker} Peserta`, nik: subject.nik, phone: "0811 2233 4455", institution: "DPMD", homeRegionCode: "73.71" } }))
      .registerPerson,
  );
  subject.personId = person.id;
  successOf((await admin.updatePerson({ id: person.id, input: { position: `${marker} Kepala Seksi` } })).updatePerson);
  const enrollment = successOf((await admin.enroll({ input: { trainingId: training.id, personId: person.id, role: "PARTICIPANT" } })).enroll);
  subject.enrollmentId = enrollment.id;
  successOf((await admin.recordAttendance({ enrollmentId: enrollment.id, daysAttended: 3 })).recordAttendance);
  successOf((await admin.recordScores({ enrollmentId: enrollment.id, preTestScore: 55, postTestScore: 88 })).recordScores);
});

afterAll(async () => {
  if (!server) return;
  await removeMarkedRows(server.prisma, marker);
  // Erased, the person no longer carries the marker in a name: removed by id, once their training (and its enrollments) is gone.
  const personRowId = Buffer.from(subject.personId, "base64").toString("utf8").replace(/^Person:/, "");
  await server.prisma.person.deleteMany({ where: { id: personRowId } });
  await server.close();
});

describe("client.personalData, the data subject's document", () => {
  it("gives an ADMIN key the person decrypted, their enrollment with training, attendance and scores, and the audit records naming them", async () => {
    const { personalData } = await admin.personalData({ personId: subject.personId });
    expect(personalData?.person).toMatchObject({ id: subject.personId, fullName: `${marker} Peserta`, nik: subject.nik, phone: "0811 2233 4455", homeRegionCode: "73.71" });
    expect(personalData?.enrollments).toEqual([
      expect.objectContaining({ id: subject.enrollmentId, role: "PARTICIPANT", daysAttended: 3, preTestScore: 55, postTestScore: 88, completed: false, training: expect.objectContaining({ id: subject.trainingId }) }),
    ]);
    // registerPerson returned the person; updatePerson and enroll name them in their arguments.
    expect(personalData?.auditRecords.map((record) => record.action)).toEqual(["registerPerson", "updatePerson", "enroll"]);
    // The trail keeps redacting what it redacted: the NIK is not in the document's audit part.
    expect(JSON.stringify(personalData?.auditRecords)).not.toContain(subject.nik);
  });

  it("gives a STAFF key of the person's home province the same document", async () => {
    const staff = await clientWith("STAFF", "73");
    expect(await staff.personalData({ personId: subject.personId })).toEqual(await admin.personalData({ personId: subject.personId }));
  });

  it("refuses a STAFF key of another region and a PARTNER key with ForbiddenError, and no key with AuthenticationError", async () => {
    await rejectionAs((await clientWith("STAFF", "11")).personalData({ personId: subject.personId }), ForbiddenError);
    await rejectionAs((await clientWith("PARTNER")).personalData({ personId: subject.personId }), ForbiddenError);
    await rejectionAs(createClient({ url: `${server.url}/graphql` }).personalData({ personId: subject.personId }), AuthenticationError);
  });

  it("answers null to an ADMIN key for an id no person has", async () => {
    const nobody = Buffer.from("Person:00000000-0000-7000-8000-000000000000").toString("base64");
    expect((await admin.personalData({ personId: nobody })).personalData).toBeNull();
  });
});

describe("client.erasePerson, the right to erasure", () => {
  it("refuses a STAFF key of the person's home province with ForbiddenError", async () => {
    await rejectionAs((await clientWith("STAFF", "73")).erasePerson({ id: subject.personId, reason: "Asked by the person" }), ForbiddenError);
    expect((await admin.personalData({ personId: subject.personId })).personalData?.person.fullName).toBe(`${marker} Peserta`);
  });

  it("erases for an ADMIN key: the personal fields gone, the enrollment kept; a second call answers alreadyErased", async () => {
    const erased = successOf((await admin.erasePerson({ id: subject.personId, reason: "Asked by the person" })).erasePerson);
    expect(erased).toMatchObject({ alreadyErased: false, person: { id: subject.personId, fullName: null, nik: null, phone: null, position: null, homeRegionCode: "73.71" } });
    expect(erased.person.erasedAt).toBe(erased.erasedAt);
    const { personalData } = await admin.personalData({ personId: subject.personId });
    expect(personalData?.enrollments).toEqual([expect.objectContaining({ id: subject.enrollmentId, daysAttended: 3, preTestScore: 55, postTestScore: 88 })]);
    const record = personalData?.auditRecords.at(-1);
    expect(record).toMatchObject({ action: "erasePerson", outcome: "OK" });
    expect(JSON.parse(String(record?.arguments))).toEqual({ id: subject.personId, reason: "Asked by the person" });
    const again = successOf((await admin.erasePerson({ id: subject.personId, reason: "Asked again" })).erasePerson);
    expect(again).toMatchObject({ alreadyErased: true, erasedAt: erased.erasedAt });
  });
});
