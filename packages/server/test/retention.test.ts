import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { repoRoot } from "../src/paths.js";
import { sealPersonFields } from "../src/personal-data/personal-fields.js";
import { preparePersonalData } from "../src/personal-data/prepare.js";
import { retentionReason } from "../src/personal-data/retention.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";
import { globalIdOf } from "./support/row-id.js";

const p3pd = path.join(repoRoot, "packages", "server", "bin", "p3pd-dev.js");
const yearMs = 365.25 * 24 * 3600 * 1000;
const yearsAgo = (years: number) => new Date(Date.now() - years * yearMs);

describe(`p3pd retention apply (${testEngine})`, () => {
  let fresh: FreshDatabase;
  let prisma: PrismaClient;
  const ids: Record<"oldTrainee" | "oldUnenrolled" | "recentTrainee" | "newUnenrolled" | "oldTraineeRecentScore", string> = {
    oldTrainee: "",
    oldUnenrolled: "",
    recentTrainee: "",
    newUnenrolled: "",
    oldTraineeRecentScore: "",
  };

  const run = (args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const target = { DATABASE_URL: testEngine === "postgresql" ? fresh.database.connectionString : "", P3PD_DATA_DIR: fresh.dataDir ?? "" };
      execFile(process.execPath, [p3pd, ...args], { env: { ...process.env, ...target, ...env } }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
      );
    });
  const people = () => prisma.person.findMany({ orderBy: { id: "asc" } });

  beforeAll(async () => {
    fresh = await createFreshDatabase();
    prisma = createPrismaClient(fresh.database);
    await applyPendingMigrations(fresh.database);
    await preparePersonalData(prisma, fresh.database);
    await prisma.$executeRawUnsafe(`INSERT INTO province (code, name) VALUES ('99', 'Retensi')`);
    const person = async (name: string, createdAt: Date, nik: string) =>
      (await prisma.person.create({ data: { fullName: name, ...sealPersonFields({ nik, phone: "0811 0000 0000", email: null }), institution: "DPMD", homeProvinceCode: "99", createdAt } })).id;
    const training = async (title: string, endsOn: Date) =>
      (await prisma.training.create({ data: { level: "PROVINCIAL_TOT", provinceCode: "99", title, status: "COMPLETED", startsOn: new Date(endsOn.getTime() - 2 * 86_400_000), endsOn } })).id;
    const enrol = (personId: string, trainingId: string, at: Date) =>
      prisma.enrollment.create({ data: { personId, trainingId, role: "PARTICIPANT", daysAttended: 3, postTestScore: 80, completed: true, createdAt: at, updatedAt: at } });
    const old = await training("Old ToT", yearsAgo(6));
    const recent = await training("Recent ToT", yearsAgo(4));
    ids.oldTrainee = await person("Lama Peserta", yearsAgo(6.1), "9901010101000001");
    await enrol(ids.oldTrainee, old, yearsAgo(6));
    ids.oldUnenrolled = await person("Lama Tanpa Pelatihan", yearsAgo(7), "9901010101000002");
    ids.recentTrainee = await person("Baru Peserta", yearsAgo(6.1), "9901010101000003");
    await enrol(ids.recentTrainee, recent, yearsAgo(4));
    ids.newUnenrolled = await person("Baru Tanpa Pelatihan", new Date(), "9901010101000004");
    // Enrolled in the old training, but a score was recorded a year ago: recent activity.
    ids.oldTraineeRecentScore = await person("Lama Nilai Baru", yearsAgo(6.1), "9901010101000005");
    await enrol(ids.oldTraineeRecentScore, old, yearsAgo(6));
    await prisma.enrollment.updateMany({ where: { personId: ids.oldTraineeRecentScore }, data: { updatedAt: yearsAgo(1) } });
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await fresh.destroy();
  });

  it("lists, on a dry run, the two people with no enrollment activity for 5 years, and changes no row", async () => {
    const before = await people();
    const dry = await run(["retention", "apply", "--dry-run"], { P3PD_RETENTION_YEARS: "5" });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^2 people with no enrollment activity for 5 years would be erased \(dry run: nothing changed\)\./);
    expect(dry.stdout).toContain("  99: 2\n");
    expect(await people()).toEqual(before);
    expect(await prisma.auditRecord.count({ where: { action: "erasePerson" } })).toBe(0);
  });

  it("erases exactly them, through erasePerson, each with an audit record giving retention as the reason; a second run finds nobody", async () => {
    const applied = await run(["retention", "apply"], { P3PD_RETENTION_YEARS: "5" });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/^2 people with no enrollment activity for 5 years erased\./);
    const rows = new Map((await people()).map((person) => [person.id, person]));
    for (const id of [ids.oldTrainee, ids.oldUnenrolled]) {
      expect(rows.get(id)).toMatchObject({ fullName: null, nik: null, nikHash: null, phone: null, erasedAt: expect.any(Date) });
    }
    for (const id of [ids.recentTrainee, ids.newUnenrolled, ids.oldTraineeRecentScore]) expect(rows.get(id)?.erasedAt).toBeNull();
    expect(await prisma.enrollment.count({ where: { personId: ids.oldTrainee } })).toBe(1);
    const audit = await prisma.auditRecord.findMany({ where: { action: "erasePerson" }, orderBy: { id: "asc" } });
    expect(audit.map((record) => ({ outcome: record.outcome, role: record.role, subjectId: record.subjectId, arguments: record.arguments }))).toEqual(
      [ids.oldTrainee, ids.oldUnenrolled].sort().map((id) => ({ outcome: "OK", role: "ADMIN", subjectId: id, arguments: { id: globalIdOf("Person", id), reason: retentionReason(5) } })),
    );
    expect(audit.every((record) => record.keyPrefix.startsWith("cli:"))).toBe(true);
    const again = await run(["retention", "apply"], { P3PD_RETENTION_YEARS: "5" });
    expect(again).toMatchObject({ code: 0, stdout: "No one has gone 5 years without enrollment activity: nothing to erase.\n" });
    expect(await prisma.auditRecord.count({ where: { action: "erasePerson" } })).toBe(2);
  });

  it("refuses to run with P3PD_RETENTION_YEARS unset (keep), and with a value that is not 1 to 100 years; serve refuses such a value at start", async () => {
    const before = await people();
    const unset = await run(["retention", "apply"], { P3PD_RETENTION_YEARS: "" });
    expect(unset).toEqual({ code: 1, stdout: "", stderr: "P3PD_RETENTION_YEARS is not set: personal data is kept for as long as the platform runs, so there is nothing to apply.\n" });
    for (const bad of ["0", "five", "2.5", "101"]) {
      const refused = await run(["retention", "apply", "--dry-run"], { P3PD_RETENTION_YEARS: bad });
      expect(refused).toEqual({
        code: 1,
        stdout: "",
        stderr: `P3PD_RETENTION_YEARS must be a whole number of years from 1 to 100 (or unset: keep personal data), got "${bad}".\n`,
      });
    }
    const dataDir = await mkdtemp(path.join(tmpdir(), "p3pd-retention-serve-"));
    try {
      const serve = await run(["serve"], { P3PD_RETENTION_YEARS: "never", DATABASE_URL: "", P3PD_DATA_DIR: dataDir, PORT: "0" });
      expect(serve.code).toBe(1);
      expect(serve.stderr).toContain('P3PD_RETENTION_YEARS must be a whole number of years from 1 to 100 (or unset: keep personal data), got "never".');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    expect(await people()).toEqual(before);
  });
});
