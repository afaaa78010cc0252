import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { readAreaTree, type AreaTree } from "../src/import/area-tree.js";
import { loadAllData, upsertAreaTree } from "../src/import/load-data.js";
import { silentProgress } from "../src/progress.js";
import { curriculumModules, stages } from "../src/import/program-reference.js";
import { createFreshDatabase, type FreshDatabase } from "./support/fresh-database.js";
import { sharedPrisma } from "./support/shared-database.js";

const prisma = sharedPrisma();
afterAll(() => prisma.$disconnect());

describe("the idn-area-data import", () => {
  it("loads every region of the source, no more and no fewer", async () => {
    expect(await prisma.province.count()).toBe(38);
    expect(await prisma.kabupaten.count()).toBe(514);
    expect(await prisma.kecamatan.count()).toBe(7285);
    expect(await prisma.village.count()).toBe(83762);
  });

  it("keeps names byte-for-byte, including commas and doubled quotes in the CSV", async () => {
    const names = await prisma.village.findMany({
      where: { code: { in: ["12.07.28.1007", "14.02.09.2010", "35.13.15.2017"] } },
      orderBy: { code: "asc" },
      select: { name: true },
    });
    expect(names.map((row) => row.name)).toEqual(["Lubuk Pakam I,II", "Lambang Sari I, II, III", 'Soka"an']);
    expect((await prisma.province.findUniqueOrThrow({ where: { code: "73" } })).name).toBe("Sulawesi Selatan");
    expect((await prisma.kabupaten.findUniqueOrThrow({ where: { code: "73.71" } })).name).toBe("Kota Makassar");
  });

  it("matches every row of the source exactly", async () => {
    const tree = await readAreaTree();
    const villages = await prisma.village.findMany({ orderBy: { code: "asc" } });
    const source = [...tree.villages].sort((a, b) => (a.code < b.code ? -1 : 1));
    expect(villages).toEqual(source);
  });

  it("derives kabupaten kinds from names and village kinds from codes", async () => {
    const kabupatenKinds = await prisma.kabupaten.groupBy({ by: ["kind"], _count: true, orderBy: { kind: "asc" } });
    expect(kabupatenKinds).toEqual([
      { kind: "KABUPATEN", _count: 416 },
      { kind: "KOTA", _count: 98 },
    ]);
    const villageKinds = await prisma.village.groupBy({ by: ["kind"], _count: true, orderBy: { kind: "asc" } });
    expect(villageKinds).toEqual([
      { kind: "KELURAHAN", _count: 8496 },
      { kind: "DESA", _count: 75252 },
      { kind: "DESA_ADAT", _count: 14 },
    ]);
  });

  it("changes nothing when the same tree is imported again", async () => {
    const before = await prisma.village.count();
    const result = await upsertAreaTree(prisma, await readAreaTree(), silentProgress);
    expect(result).toEqual({ rowCount: 38 + 514 + 7285 + 83762, changed: 0 });
    expect(await prisma.village.count()).toBe(before);
  });

  it("stores on every parent how many children it has, as counted in the tree", async () => {
    const [miscounted] = await prisma.$queryRaw<{ provinces: number; kabupatens: number; kecamatans: number }[]>`
      SELECT
        (SELECT count(*)::int FROM province p WHERE p.kabupaten_count <> (SELECT count(*) FROM kabupaten c WHERE c.province_code = p.code)) AS provinces,
        (SELECT count(*)::int FROM kabupaten p WHERE p.kecamatan_count <> (SELECT count(*) FROM kecamatan c WHERE c.kabupaten_code = p.code)) AS kabupatens,
        (SELECT count(*)::int FROM kecamatan p WHERE p.village_count <> (SELECT count(*) FROM village c WHERE c.kecamatan_code = p.code)) AS kecamatans`;
    expect(miscounted).toEqual({ provinces: 0, kabupatens: 0, kecamatans: 0 });
    expect(await prisma.province.findUniqueOrThrow({ where: { code: "73" } })).toMatchObject({ kabupatenCount: 24 });
    expect(await prisma.kecamatan.findUniqueOrThrow({ where: { code: "73.71.01" } })).toMatchObject({ villageCount: 9 });
  });

  it("skips datasets it has already loaded on a later start", async () => {
    const results = await loadAllData(prisma, silentProgress);
    expect(results.map(({ name, loaded }) => ({ name, loaded }))).toEqual([
      { name: "idn-area-data", loaded: false },
      { name: "program-reference", loaded: false },
    ]);
  });
});

describe("the program reference data", () => {
  it("holds the three stages with only the precision the release gives", async () => {
    const rows = await prisma.stage.findMany({ orderBy: { number: "asc" }, include: { provinces: { orderBy: { provinceCode: "asc" } } } });
    expect(rows.map((stage) => ({
      number: stage.number,
      period: stage.period,
      startsOn: stage.startsOn?.toISOString().slice(0, 10) ?? null,
      endsOn: stage.endsOn?.toISOString().slice(0, 10) ?? null,
      provinces: stage.provinces.map((p) => [p.provinceCode, p.venueCity, p.participantQuota]),
    }))).toEqual([
      { number: 1, period: "March 2024", startsOn: null, endsOn: null,
        provinces: [["11", null, 120], ["35", null, 120], ["52", null, 120]] },
      { number: 2, period: "18–22 June 2024", startsOn: "2024-06-18", endsOn: "2024-06-22",
        provinces: [["12", null, 120], ["33", null, 120], ["53", null, 120]] },
      { number: 3, period: "From 28 June 2024", startsOn: "2024-06-28", endsOn: null,
        provinces: [["63", "Banjarmasin", 120], ["64", "Samarinda", 120], ["71", "Manado", 120], ["73", "Makassar", 120]] },
    ]);
    expect(rows).toHaveLength(stages.length);
  });

  it("holds the eight curriculum modules in the release's order", async () => {
    const modules = await prisma.curriculumModule.findMany({ orderBy: { number: "asc" } });
    expect(modules.map((m) => m.name)).toEqual([
      "Kepemimpinan",
      "Kemitraan",
      "Manajemen pelatihan",
      "Sinkronisasi perencanaan desa dan daerah",
      "Pembinaan dan pengawasan",
      "Pengelolaan rumah bersama kecamatan",
      "Pemanfaatan dashboard",
      "Praktek melatih dan evaluasi",
    ]);
    expect(modules).toEqual(curriculumModules);
  });
});

describe("child counts across re-imports", () => {
  let fresh: FreshDatabase;
  let db: PrismaClient;
  beforeAll(async () => {
    fresh = await createFreshDatabase();
    await applyPendingMigrations(fresh.database);
    db = createPrismaClient(fresh.database);
  });
  afterAll(async () => {
    await db.$disconnect();
    await fresh.destroy();
  });

  const tree = (secondVillageIn: string): AreaTree => ({
    version: "test",
    provinces: [
      { code: "11", name: "Aceh" },
      { code: "12", name: "Sumatera Utara" },
    ],
    kabupatens: [{ code: "11.01", provinceCode: "11", name: "Kabupaten Aceh Selatan", kind: "KABUPATEN" }],
    kecamatans: [
      { code: "11.01.01", kabupatenCode: "11.01", name: "Bakongan" },
      { code: "11.01.02", kabupatenCode: "11.01", name: "Kluet Utara" },
    ],
    villages: [
      { code: "11.01.01.2001", kecamatanCode: "11.01.01", name: "Keude Bakongan", kind: "DESA" },
      { code: "11.01.01.2002", kecamatanCode: secondVillageIn, name: "Ujong Mangki", kind: "DESA" },
    ],
  });

  const villageCounts = async () =>
    Object.fromEntries((await db.kecamatan.findMany({ orderBy: { code: "asc" } })).map((row) => [row.code, row.villageCount]));

  it("follow a child that a later import moves to another parent, and leave a childless parent at zero", async () => {
    await upsertAreaTree(db, tree("11.01.01"), silentProgress);
    expect(await villageCounts()).toEqual({ "11.01.01": 2, "11.01.02": 0 });
    expect((await db.province.findMany({ orderBy: { code: "asc" } })).map((row) => row.kabupatenCount)).toEqual([1, 0]);
    expect(await db.kabupaten.findUniqueOrThrow({ where: { code: "11.01" } })).toMatchObject({ kecamatanCount: 2 });

    const moved = await upsertAreaTree(db, tree("11.01.02"), silentProgress);
    expect(await villageCounts()).toEqual({ "11.01.01": 1, "11.01.02": 1 });
    // The moved village and the two kecamatan whose counts changed.
    expect(moved.changed).toBe(3);
  });
});
