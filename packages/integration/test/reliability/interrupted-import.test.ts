import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, successOf, type P3pdClient } from "@p3pd/sdk";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapKey, openTransactions, repoRoot, rowIdOf, type ServedCluster, sessionsWaitingOnLocks, startServedCluster, waitFor } from "@p3pd/server/testing";

const rowCount = 1_200;
const batchSize = 300;
/** The row whose batch (the third) the server is killed in the middle of. */
const blockedRow = 750;

let served: ServedCluster;
let admin: P3pdClient;
let folder: string;
let csvPath: string;
let homes: string[];

beforeAll(async () => {
  served = await startServedCluster(1);
  admin = createClient({ url: served.graphqlUrl(0), apiKey: bootstrapKey });
  homes = (await served.prisma.kecamatan.findMany({ where: { kabupatenCode: "73.71" }, orderBy: { code: "asc" } })).map((k) => k.code);
  folder = await mkdtemp(path.join(tmpdir(), "p3pd-interrupted-import-"));
  csvPath = path.join(folder, "hadir.csv");
  await writeFile(csvPath, attendanceSheet());
});

afterAll(async () => {
  await served?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const nikOf = (row: number) => `7371${String(row).padStart(12, "0")}`;
const homeOf = (row: number) => homes[row % homes.length] ?? "73.71";

/** Even rows carry a NIK, odd ones none (the import matches those by name and home region). */
function attendanceSheet(): string {
  const lines = ["name,nik,gender,institution,position,home_region_code,days_attended,pre_test_score,post_test_score"];
  for (let row = 0; row < rowCount; row++) {
    const nik = row % 2 === 0 ? nikOf(row) : "";
    lines.push(`Peserta ${row},${nik},${row % 2 === 0 ? "L" : "P"},Kecamatan,Staf,${homeOf(row)},${1 + (row % 3)},${40 + (row % 30)},${60 + (row % 40)}`);
  }
  return `${lines.join("\n")}\n`;
}

async function createTraining(title: string): Promise<string> {
  const input = { level: "KECAMATAN_TRAINING" as const, regionCode: "73.71", title, startsOn: "2024-10-01", endsOn: "2024-10-03" };
  return successOf((await admin.createTraining({ input })).createTraining).id;
}

/** The internal-import example, as an operator runs it; resolves to its exit code. */
function runImport(trainingId: string, graphqlUrl: string): Promise<number | null> {
  const script = path.join("examples", "internal-import", "src", "main.ts");
  const child = spawn(process.execPath, ["--import", "tsx", script, csvPath, "--training", trainingId, "--url", graphqlUrl, "--batch", String(batchSize)], {
    cwd: repoRoot,
    env: { ...process.env, P3PD_ADMIN_KEY: bootstrapKey },
    stdio: "ignore",
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
}

/** A training's enrollments as comparable rows: who, in what role, with what attendance and scores. */
async function enrollmentsOf(globalId: string) {
  return served.prisma.enrollment.findMany({
    where: { trainingId: rowIdOf(globalId) },
    select: { personId: true, role: true, daysAttended: true, preTestScore: true, postTestScore: true },
    orderBy: { personId: "asc" },
  });
}

describe("a server killed with SIGKILL in the middle of a bulk import", () => {
  // Three runs of the import script and a server start: its own timeout leaves a busy machine room.
  it("loses only the batch it was writing, whole; after a restart the re-run ends equal to a clean import", async () => {
    const interrupted = await createTraining("Impor terputus");
    const clean = await createTraining("Impor bersih");
    // The third batch will update this person's enrollment; holding that row makes the batch wait,
    // inside its transaction, with its new people written but not committed, for as long as we like.
    const person = successOf(
      (await admin.registerPerson({ input: { fullName: `Peserta ${blockedRow}`, nik: nikOf(blockedRow), gender: "MALE", institution: "KECAMATAN", position: "Staf", homeRegionCode: homeOf(blockedRow) } }))
        .registerPerson,
    );
    const held = successOf((await admin.enroll({ input: { trainingId: interrupted, personId: person.id, role: "PARTICIPANT" } })).enroll);
    const locker = new pg.Client({ connectionString: served.cluster.url });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("SELECT 1 FROM enrollment WHERE id = $1 FOR UPDATE", [rowIdOf(held.id)]);

      const firstRun = runImport(interrupted, served.graphqlUrl(0));
      await waitFor("the third batch to wait on the held row", async () => (await sessionsWaitingOnLocks(served.prisma, "%UPDATE enrollment%")) === 1, { timeoutMs: 60_000 });
      const server = served.servers[0];
      if (!server) throw new Error("No server");
      const killed = new Promise((resolve) => server.child.once("exit", resolve));
      server.child.kill("SIGKILL");
      await killed;
      // The script's batch fails with the connection; its retries find nobody; it stops, keeping
      // its progress: the two batches the API confirmed.
      expect(await firstRun).toBe(1);
      expect(JSON.parse(await readFile(`${csvPath}.progress.json`, "utf8"))).toMatchObject({ rowsConfirmed: 2 * batchSize });
      await locker.query("COMMIT");
    } finally {
      await locker.end();
    }
    // The killed server's session finds its client gone once the row is free, and rolls back.
    await waitFor("the killed server's transaction to end", async () => (await openTransactions(served.prisma)) === 0);
    expect(await enrollmentsOf(interrupted)).toHaveLength(2 * batchSize + 1);
    expect(await served.prisma.person.count()).toBe(2 * batchSize + 1);

    const restarted = await served.startServer();
    expect(await runImport(interrupted, `${restarted.url}/graphql`)).toBe(0);
    expect(await runImport(clean, `${restarted.url}/graphql`)).toBe(0);

    const resumed = await enrollmentsOf(interrupted);
    expect(resumed).toHaveLength(rowCount);
    expect(resumed).toEqual(await enrollmentsOf(clean));
    expect(await served.prisma.person.count()).toBe(rowCount);
  }, 120_000);
});
