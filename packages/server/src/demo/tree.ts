import type { VillageKind } from "../db/generated/prisma/enums.js";
import type { PrismaClient } from "../db/prisma.js";
import type { StageDates } from "./schedule.js";

/** The parts of the database the demo plan is built from: the tree and the program's stages. */
export interface DemoTree {
  provinces: { code: string; name: string }[];
  kabupatens: { code: string; provinceCode: string; name: string }[];
  kecamatans: { code: string; kabupatenCode: string; name: string }[];
  villages: { code: string; kecamatanCode: string; kind: VillageKind }[];
  stages: StageDates[];
  stageProvinces: { stageNumber: number; provinceCode: string; venueCity: string | null; participantQuota: number }[];
}

const isoOrNull = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

/** Everything ordered by code (fixed-width digits, so the order is the same in any collation). */
export async function readDemoTree(prisma: PrismaClient): Promise<DemoTree> {
  const provinces = await prisma.province.findMany({ select: { code: true, name: true }, orderBy: { code: "asc" } });
  const kabupatens = await prisma.kabupaten.findMany({ select: { code: true, provinceCode: true, name: true }, orderBy: { code: "asc" } });
  const kecamatans = await prisma.kecamatan.findMany({ select: { code: true, kabupatenCode: true, name: true }, orderBy: { code: "asc" } });
  const villages = await prisma.village.findMany({ select: { code: true, kecamatanCode: true, kind: true }, orderBy: { code: "asc" } });
  const stages = await prisma.stage.findMany({ orderBy: { number: "asc" } });
  const stageProvinces = await prisma.stageProvince.findMany({
    select: { stageNumber: true, provinceCode: true, venueCity: true, participantQuota: true },
    orderBy: [{ stageNumber: "asc" }, { provinceCode: "asc" }],
  });
  return {
    provinces,
    kabupatens,
    kecamatans,
    villages,
    stages: stages.map((stage) => ({ number: stage.number, period: stage.period, startsOn: isoOrNull(stage.startsOn), endsOn: isoOrNull(stage.endsOn) })),
    stageProvinces,
  };
}
