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
