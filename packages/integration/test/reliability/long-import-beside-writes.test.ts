import { createClient, successOf, type P3pdClient } from "@p3pd/sdk";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapKey, rowIdOf, type ServedCluster, sessionsWaitingOnLocks, startServedCluster, waitFor } from "@p3pd/server/testing";

/**
 * A bulk import holds its transaction open while it writes; other writes must not queue behind it.
 * The import is held in the middle on purpose: the test's own session locks an enrollment the
 * import updates after it has created its new people, so the import sits inside its transaction,
 * having written, for as long as the test wants, on PostgreSQL (the reliability tests' own
 * cluster, in both passes of the suite).
 */
const newPeople = 2_000;
const smallWrites = 6;

let served: ServedCluster;
let admin: P3pdClient;

beforeAll(async () => {
  served = await startServedCluster(1);
  admin = createClient({ url: served.graphqlUrl(0), apiKey: bootstrapKey });
});

afterAll(async () => {
  await served?.close();
});

async function createTraining(title: string): Promise<string> {
  const input = { level: "KECAMATAN_TRAINING" as const, regionCode: "73.71", title, startsOn: "2024-10-01", endsOn: "2024-10-03" };
  return successOf((await admin.createTraining({ input })).createTraining).id;
}

async function enrolledPerson(trainingId: string, fullName: string, nik: string): Promise<string> {
  const person = successOf((await admin.registerPerson({ input: { fullName, nik, institution: "KECAMATAN", homeRegionCode: "73.71.01" } })).registerPerson);
  return successOf((await admin.enroll({ input: { trainingId, personId: person.id, role: "PARTICIPANT" } })).enroll).id;
}

/** Resolves to the write's answer, or to "blocked" once a second session waits on a lock behind the held import. */
function unlessBlocked<T>(write: Promise<T>): Promise<T | "blocked"> {
  const blocked = waitFor("a write waiting on a lock", async () => (await sessionsWaitingOnLocks(served.prisma)) >= 2, { timeoutMs: 60_000 });
  return Promise.race([write, blocked.then(() => "blocked" as const)]);
}

describe("a long import beside small writes", () => {
  it("lets writes to other trainings finish while the import's transaction is open and has written", async () => {
    const importTraining = await createTraining("Impor besar");
    const otherTraining = await createTraining("Pelatihan lain");
    const heldEnrollment = await enrolledPerson(importTraining, "Peserta Tertahan", "7371019999000001");
    const smallWriteEnrollment = await enrolledPerson(otherTraining, "Peserta Lain", "7371019999000002");
    const versionBefore = await served.prisma.dataVersion.findUniqueOrThrow({ where: { id: 1 } });

    const holder = new pg.Client({ connectionString: served.cluster.url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM enrollment WHERE id = $1 FOR UPDATE", [rowIdOf(heldEnrollment)]);
      const rows = [
        { fullName: "Peserta Tertahan", nik: "7371019999000001", institution: "KECAMATAN" as const, homeRegionCode: "73.71.01", postTestScore: 80 },
        ...Array.from({ length: newPeople }, (_, n) => ({
          fullName: `Peserta Impor ${n}`,
          nik: `737102${String(n).padStart(10, "0")}`,
          institution: "KECAMATAN" as const,
          homeRegionCode: "73.71.02",
          daysAttended: 3,
        })),
      ];
      const importing = admin.importParticipants({ trainingId: importTraining, rows });
      // The import has created its people and now waits for the held enrollment.
      await waitFor("the import to wait on the held enrollment", async () => (await sessionsWaitingOnLocks(served.prisma)) === 1);

      for (let n = 0; n < smallWrites; n++) {
        const answer = await unlessBlocked(admin.recordScores({ enrollmentId: smallWriteEnrollment, preTestScore: 40 + n, postTestScore: 60 + n }));
        expect(answer).not.toBe("blocked");
        if (answer !== "blocked") expect(successOf(answer.recordScores)).toMatchObject({ preTestScore: 40 + n, postTestScore: 60 + n });
      }
      // The small writes committed, and reports see them: the data version moved while the import was open.
      const versionDuring = await served.prisma.dataVersion.findUniqueOrThrow({ where: { id: 1 } });
      expect(versionDuring.version - versionBefore.version).toBe(BigInt(smallWrites));

      await holder.query("COMMIT");
      const imported = successOf((await importing).importParticipants);
      expect(imported).toMatchObject({ rows: newPeople + 1, peopleCreated: newPeople, peopleMatched: 1, enrolled: newPeople, updated: 1 });
      const versionAfter = await served.prisma.dataVersion.findUniqueOrThrow({ where: { id: 1 } });
      expect(versionAfter.version - versionDuring.version).toBe(1n);
    } finally {
      await holder.end();
    }
  });
});
