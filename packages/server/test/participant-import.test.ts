import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidRowsError } from "../src/cascade/write-errors.js";
import { nationalAccess } from "../src/access/region-access.js";
import { importParticipants, maxImportRows, type ParticipantRow } from "../src/cascade/participant-import.js";
import { createTraining } from "../src/cascade/trainings.js";
import { parseParticipantsCsv } from "../src/import/participants-csv.js";
import { repoRoot } from "../src/paths.js";
import { createTestApi } from "./support/graphql-api.js";
import { sharedDatabase } from "./support/shared-database.js";

const api = createTestApi();
/** In every name this file writes, so its checks count its own rows while other files write in parallel. */
const marker = `pi${process.pid}x${Date.now().toString(36)}`;
const { prisma } = api;
let trainingId: string;
let kecamatanCodes: string[];
let folder: string;

beforeAll(async () => {
  const training = await createTraining(prisma, {
    level: "KECAMATAN_TRAINING",
    regionCode: "73.71",
    title: "Import test",
    startsOn: new Date("2024-09-02T00:00:00Z"),
    endsOn: new Date("2024-09-04T00:00:00Z"),
  });
  trainingId = training.id;
  kecamatanCodes = (await prisma.kecamatan.findMany({ where: { kabupatenCode: "73.71" }, orderBy: { code: "asc" } })).map((k) => k.code);
  folder = await mkdtemp(path.join(tmpdir(), "p3pd-import-"));
});

afterAll(async () => {
  const enrolled = await prisma.enrollment.findMany({ where: { trainingId }, select: { personId: true } });
  await prisma.training.delete({ where: { id: trainingId } });
  await prisma.person.deleteMany({ where: { id: { in: enrolled.map((e) => e.personId) } } });
  await rm(folder, { recursive: true, force: true });
  await api.close();
});

/** `count` plausible rows: NIK for even rows, none for odd ones (matched by name + home). */
function sheet(count: number): ParticipantRow[] {
  return Array.from({ length: count }, (_, i) => {
    const home = kecamatanCodes[i % kecamatanCodes.length]!;
    return {
      line: i + 2,
      fullName: `Peserta Uji ${i} ${marker}`,
      nik: i % 2 === 0 ? `${home.replaceAll(".", "")}0101${String(9000 + i).padStart(6, "0")}`.slice(0, 16) : null,
      institution: i % 3 === 0 ? "FASILITATOR_KECAMATAN" : "KECAMATAN",
      homeRegionCode: home,
      daysAttended: 3,
      preTestScore: 50,
      postTestScore: 60 + (i % 40),
    };
  });
}

async function counts() {
  const [people, enrollments] = await Promise.all([
    prisma.person.count({ where: { fullName: { contains: marker } } }),
    prisma.enrollment.count({ where: { trainingId } }),
  ]);
  return { people, enrollments };
}

describe("importing participants", () => {
  it("writes nothing when row 900 of 1,000 is bad, and names its line", async () => {
    const rows = sheet(1000);
    rows[899] = { ...rows[899]!, postTestScore: 130 };
    const before = await counts();
    const failure = importParticipants(prisma, nationalAccess, trainingId, rows);
    await expect(failure).rejects.toBeInstanceOf(InvalidRowsError);
    await expect(failure).rejects.toMatchObject({ rows: [{ line: 901, field: "postTestScore" }] });
    expect(await counts()).toEqual(before);
  });

  it("imports 1,000 rows, then finds the same file changes nothing", async () => {
    const before = await counts();
    const first = await importParticipants(prisma, nationalAccess, trainingId, sheet(1000));
    expect(first).toEqual({ rows: 1000, peopleCreated: 1000, peopleMatched: 0, enrolled: 1000, updated: 0, unchanged: 0 });
    expect(await counts()).toEqual({ people: before.people + 1000, enrollments: before.enrollments + 1000 });
    const again = await importParticipants(prisma, nationalAccess, trainingId, sheet(1000));
    expect(again).toEqual({ rows: 1000, peopleCreated: 0, peopleMatched: 1000, enrolled: 0, updated: 0, unchanged: 1000 });
    expect(await counts()).toEqual({ people: before.people + 1000, enrollments: before.enrollments + 1000 });
  });

  it("updates only what changed when a corrected sheet comes in", async () => {
    const rows = sheet(1000);
    rows[10] = { ...rows[10]!, postTestScore: 99 };
    rows[11] = { ...rows[11]!, daysAttended: 2 };
    const result = await importParticipants(prisma, nationalAccess, trainingId, rows);
    expect(result).toMatchObject({ peopleCreated: 0, enrolled: 0, updated: 2, unchanged: 998 });
  });

  it(`imports the largest sheet allowed, ${maxImportRows.toLocaleString("en-US")} rows without a NIK, then matches every one by name in any case and home`, async () => {
    const rows = sheet(maxImportRows).map((row, i) => ({ ...row, nik: null, fullName: `Tanpa NIK ${i} ${marker}` }));
    const first = await importParticipants(prisma, nationalAccess, trainingId, rows);
    expect(first).toMatchObject({ rows: maxImportRows, peopleCreated: maxImportRows, peopleMatched: 0, enrolled: maxImportRows });
    const shouted = rows.map((row) => ({ ...row, fullName: `  ${row.fullName.toUpperCase()} ` }));
    const again = await importParticipants(prisma, nationalAccess, trainingId, shouted);
    expect(again).toEqual({ rows: maxImportRows, peopleCreated: 0, peopleMatched: maxImportRows, enrolled: 0, updated: 0, unchanged: maxImportRows });
   }, 180_000);

  it("reports every bad row at once: bad NIK, unknown region, the same person twice", async () => {
    const rows = sheet(5);
    rows[0] = { ...rows[0]!, nik: "123" };
    rows[1] = { ...rows[1]!, homeRegionCode: "73.71.99" };
    rows[3] = { ...rows[2]!, line: rows[3]!.line };
    await expect(importParticipants(prisma, nationalAccess, trainingId, rows)).rejects.toMatchObject({
      rows: [
        { line: 2, field: "nik" },
        { line: 3, field: "homeRegionCode" },
        { line: 5, field: "nik", message: "The same person as line 4." },
      ],
    });
  });
});

describe("reading an attendance sheet exported from a spreadsheet", () => {
  it("reads Indonesian headers, semicolons, a BOM, quoted names with commas and multi-line cells", () => {
    const csv = [
      "\uFEFFNama Lengkap;NIK;Jenis Kelamin;Instansi;Jabatan;Kode Wilayah;Hari Hadir;Nilai Pre-Test;Nilai Post-Test",
      '"Siti, S.Sos";7371010101900001;P;Kecamatan;"Kasi\nPemerintahan";73.71.01;3;55;80',
      "Budi Santoso;;L;Fasilitator Kecamatan;;73.71.02;2;;",
    ].join("\r\n");
    expect(parseParticipantsCsv(csv)).toEqual([
      { line: 3, fullName: "Siti, S.Sos", nik: "7371010101900001", gender: "FEMALE", institution: "KECAMATAN", position: "Kasi\nPemerintahan", homeRegionCode: "73.71.01", phone: null, email: null, daysAttended: 3, preTestScore: 55, postTestScore: 80 },
      { line: 4, fullName: "Budi Santoso", nik: null, gender: "MALE", institution: "FASILITATOR_KECAMATAN", position: null, homeRegionCode: "73.71.02", phone: null, email: null, daysAttended: 2, preTestScore: null, postTestScore: null },
    ]);
  });

  it("names a missing required column and an unknown institution with their lines", () => {
    expect(() => parseParticipantsCsv("name,nik\nA,1\n")).toThrow(/Missing column\(s\): institution, homeRegionCode/);
    let error: unknown;
    try {
      parseParticipantsCsv("name,institution,kode wilayah\nA,Dinas Pariwisata,73\n");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidRowsError);
    expect((error as InvalidRowsError).rows).toEqual([{ line: 2, field: "institution", message: expect.stringMatching(/Unknown institution "Dinas Pariwisata"/) }]);
  });
});

describe("p3pd import participants", () => {
  const runCli = (file: string) =>
    spawnSync(process.execPath, [path.join(repoRoot, "packages/server/bin/p3pd-dev.js"), "import", "participants", file, "--training", trainingId], {
      env: { ...process.env, DATABASE_URL: sharedDatabase().connectionString },
      encoding: "utf8",
    });

  it("imports a CSV file, then reports the re-run unchanged, each run audited with the local operator as its actor", async () => {
    const auditedRuns = () => prisma.auditRecord.count({ where: { action: "importParticipants", keyPrefix: `cli:${userInfo().username}`, outcome: "OK", arguments: { path: ["trainingId"], equals: trainingId } } });
    const auditedBefore = await auditedRuns();
    const file = path.join(folder, "hadir.csv");
    await writeFile(file, `name,institution,home_region_code,days_attended,post_test_score\nCli Satu ${marker},KECAMATAN,73.71.03,3,88\nCli Dua ${marker},DESA,73.71.03.1001,1,40\n`);
    const first = runCli(file);
    expect(first.stderr).toMatch(/2 rows: 2 new people, 0 already known; 2 enrolled, 0 updated, 0 unchanged/);
    expect(first.status).toBe(0);
    const second = runCli(file);
    expect(second.stderr).toMatch(/2 rows: 0 new people, 2 already known; 0 enrolled, 0 updated, 2 unchanged/);
    expect(await auditedRuns()).toBe(auditedBefore + 2);
  });

  it("exits 1 listing the bad lines, without a stack trace, writes nothing and audits the refusal", async () => {
    const file = path.join(folder, "bad.csv");
    await writeFile(file, `name,institution,home_region_code,post_test_score\nOk Person ${marker},KECAMATAN,73.71.03,70\nBad Person ${marker},KECAMATAN,99.99,70\n`);
    const before = await counts();
    const run = runCli(file);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Nothing was imported: 1 problem(s)");
    expect(run.stderr).toContain('line 3, homeRegionCode: No region has the code "99.99".');
    expect(run.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(await counts()).toEqual(before);
    const [record] = await prisma.auditRecord.findMany({ where: { action: "importParticipants", keyPrefix: `cli:${userInfo().username}` }, orderBy: { id: "desc" }, take: 1 });
    expect(record).toMatchObject({ outcome: "InvalidRowsError", role: "ADMIN", apiKeyId: null });
  });
});

describe("the importParticipants mutation", () => {
  it("answers an InvalidRowsError listing the rows, and writes nothing", async () => {
    const before = await counts();
    const response = await api.query<{ importParticipants: { __typename: string; rows?: { line: number; field: string }[] } }>(
      `mutation ($id: ID!, $rows: [ParticipantRowInput!]!) {
        importParticipants(trainingId: $id, rows: $rows) {
          __typename
          ... on InvalidRowsError { message rows { line field message } }
          ... on ImportParticipantsSuccess { data { rows enrolled } }
        }
      }`,
      {
        id: Buffer.from(`Training:${trainingId}`).toString("base64"),
        rows: [
          { fullName: `Good ${marker}`, institution: "DESA", homeRegionCode: "73.71.01.1001" },
          { fullName: `Bad ${marker}`, institution: "DESA", homeRegionCode: "73.71.01.1001", nik: "12" },
        ],
      },
    );
    expect(response.data?.importParticipants).toMatchObject({ __typename: "InvalidRowsError", rows: [{ line: 2, field: "nik" }] });
    expect(await counts()).toEqual(before);
  });
});
