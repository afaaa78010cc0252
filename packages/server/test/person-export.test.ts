import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { loadManifest } from "../src/http/persisted-operations.js";
import { repoRoot } from "../src/paths.js";
import { sealPersonFields } from "../src/personal-data/personal-fields.js";
import { preparePersonalData } from "../src/personal-data/prepare.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";
import { createTestApi, type TestApi } from "./support/graphql-api.js";
import { globalIdOf } from "./support/row-id.js";

const p3pd = path.join(repoRoot, "packages", "server", "bin", "p3pd-dev.js");

describe(`p3pd person export (${testEngine})`, () => {
  let fresh: FreshDatabase;
  let prisma: PrismaClient;
  let api: TestApi;
  let folder: string;
  let personId: string;

  /** The CLI on the test's database (on PGlite through the test's own open database, as beside a running server). */
  const cli = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const env = { ...process.env, DATABASE_URL: testEngine === "postgresql" ? fresh.database.connectionString : "", P3PD_DATA_DIR: fresh.dataDir ?? "" };
      execFile(process.execPath, [p3pd, "person", ...args], { env }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
      );
    });

  /** What the API answers an ADMIN key for the curated PersonalData operation (client.personalData). */
  async function documentOverTheApi(id: string): Promise<unknown> {
    const text = [...loadManifest().values()].find((operation) => operation.startsWith("query PersonalData("));
    if (!text) throw new Error("The manifest has no PersonalData operation");
    const response = await api.query<{ personalData: unknown }>(text, { personId: id });
    expect(response.errors).toBeUndefined();
    return response.data?.personalData;
  }

  beforeAll(async () => {
    fresh = await createFreshDatabase();
    prisma = createPrismaClient(fresh.database);
    await applyPendingMigrations(fresh.database);
    await preparePersonalData(prisma, fresh.database);
    api = createTestApi(prisma);
    folder = await mkdtemp(path.join(tmpdir(), "p3pd-export-"));
    await prisma.$executeRawUnsafe(`INSERT INTO province (code, name) VALUES ('99', 'Ekspor')`);
    const person = await prisma.person.create({
      data: {
        fullName: "Ekspor Peserta",
        ...sealPersonFields({ nik: "9901010101000042", phone: "0811 2233 4455", email: "ekspor@example.org" }),
        institution: "DPMD",
        position: "Kepala Seksi",
        homeProvinceCode: "99",
      },
    });
    personId = person.id;
    const training = await prisma.training.create({ data: { level: "PROVINCIAL_TOT", provinceCode: "99", title: "Ekspor ToT", status: "COMPLETED" } });
    await prisma.enrollment.create({ data: { personId, trainingId: training.id, role: "PARTICIPANT", daysAttended: 3, preTestScore: 50, postTestScore: 90, completed: true } });
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await prisma.$disconnect();
    await fresh.destroy();
  });

  it("writes to stdout, as JSON, the document personalData answers over the API, by global ID or row UUID", async () => {
    const expected = await documentOverTheApi(globalIdOf("Person", personId));
    expect(expected).toMatchObject({ person: { fullName: "Ekspor Peserta", nik: "9901010101000042", email: "ekspor@example.org" }, enrollments: [{ postTestScore: 90 }] });
    for (const id of [globalIdOf("Person", personId), personId]) {
      const exported = await cli("export", id);
      expect(exported.code).toBe(0);
      expect(JSON.parse(exported.stdout)).toEqual(expected);
    }
  });

  it("with --out writes a new owner-only file, and refuses one that exists", async () => {
    const file = path.join(folder, "person.json");
    const written = await cli("export", personId, "--out", file);
    expect(written).toMatchObject({ code: 0, stdout: "" });
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(await documentOverTheApi(globalIdOf("Person", personId)));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = await cli("export", personId, "--out", file);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`${file} exists already: give a new file.\n`);
  });

  it("exits 1 with one line for an id no person has, and for text that is no person's id, writing nothing to stdout", async () => {
    const unknown = await cli("export", "00000000-0000-4000-8000-000000000000");
    expect(unknown).toEqual({ code: 1, stdout: "", stderr: 'No person has the id "00000000-0000-4000-8000-000000000000".\n' });
    const training = await prisma.training.findFirstOrThrow({ where: { title: "Ekspor ToT" } });
    for (const bad of ["not-an-id", globalIdOf("Training", training.id)]) {
      const refused = await cli("export", bad);
      expect(refused).toEqual({ code: 1, stdout: "", stderr: `"${bad}" is not a person's id: give the global ID the API shows (Person.id) or the row's UUID.\n` });
    }
    expect((await cli("export")).stderr).toContain("Usage: p3pd person export <id> [--out <file>]");
  });
});
