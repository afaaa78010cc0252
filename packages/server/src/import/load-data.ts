import { createHash } from "node:crypto";
import type { PrismaClient } from "../db/prisma.js";
import { areaTreeVersion, readAreaTree, type AreaTree } from "./area-tree.js";
import { bulkWrite } from "./bulk-write.js";
import { refreshChildCounts } from "./child-counts.js";
import { curriculumModules, participantsPerProvince, stages } from "./program-reference.js";
import type { Progress } from "../progress.js";

export interface DatasetResult {
  name: string;
  /** False when the database already held this version and nothing was done. */
  loaded: boolean;
  rowCount: number;
}

/**
 * Runs `load` unless the database records that this exact version of the dataset is in, then
 * records it. The record is written last, so an interrupted load simply runs again (every load
 * is an idempotent upsert).
 */
async function loadOnce(
  prisma: PrismaClient,
  name: string,
  version: string,
  load: () => Promise<number>,
): Promise<DatasetResult> {
  const existing = await prisma.datasetImport.findUnique({ where: { name } });
  if (existing?.version === version) return { name, loaded: false, rowCount: existing.rowCount };
  const rowCount = await load();
  await prisma.datasetImport.upsert({
    where: { name },
    create: { name, version, rowCount },
    update: { version, rowCount, importedAt: new Date() },
  });
  return { name, loaded: true, rowCount };
}

export interface UpsertCounts {
  /** Rows in the source. */
  rowCount: number;
  /** Rows inserted or updated: zero when the database already matched the source. */
  changed: number;
}

/** Upserts the whole administrative tree, parents before children, then each parent's child count. */
export async function upsertAreaTree(prisma: PrismaClient, tree: AreaTree, progress: Progress): Promise<UpsertCounts> {
  let changed = 0;
  changed += await bulkWrite(prisma, {
    table: "province",
    key: "code",
    columns: { code: "varchar", name: "text" },
    toColumns: (row) => [row.code, row.name],
  }, tree.provinces, progress);
  changed += await bulkWrite(prisma, {
    table: "kabupaten",
    key: "code",
    columns: { code: "varchar", province_code: "varchar", name: "text", kind: '"KabupatenKind"' },
    toColumns: (row) => [row.code, row.provinceCode, row.name, row.kind],
  }, tree.kabupatens, progress);
  changed += await bulkWrite(prisma, {
    table: "kecamatan",
    key: "code",
    columns: { code: "varchar", kabupaten_code: "varchar", name: "text" },
    toColumns: (row) => [row.code, row.kabupatenCode, row.name],
  }, tree.kecamatans, progress);
  changed += await bulkWrite(prisma, {
    table: "village",
    key: "code",
    columns: { code: "varchar", kecamatan_code: "varchar", name: "text", kind: '"VillageKind"' },
    toColumns: (row) => [row.code, row.kecamatanCode, row.name, row.kind],
  }, tree.villages, progress);
  changed += await refreshChildCounts(prisma);
  const rowCount = tree.provinces.length + tree.kabupatens.length + tree.kecamatans.length + tree.villages.length;
  return { rowCount, changed };
}

/** The administrative tree from `idn-area-data`, unless this version of it is already loaded. */
export async function loadAreaTree(prisma: PrismaClient, progress: Progress): Promise<DatasetResult> {
  return loadOnce(prisma, "idn-area-data", await areaTreeVersion(), async () => {
    const { rowCount } = await upsertAreaTree(prisma, await readAreaTree(), progress);
    return rowCount;
  });
}

const referenceVersion = createHash("sha256")
  .update(JSON.stringify({ stages, curriculumModules, participantsPerProvince }))
  .digest("hex")
  .slice(0, 16);

const dateOrNull = (isoDate: string | null) => (isoDate === null ? null : new Date(`${isoDate}T00:00:00Z`));

/** Stages, their provinces and the curriculum modules (needs the provinces loaded first). */
export async function loadProgramReference(prisma: PrismaClient): Promise<DatasetResult> {
  return loadOnce(prisma, "program-reference", referenceVersion, async () => {
    const stageProvinces = stages.flatMap((stage) => stage.provinces.map((province) => ({ stage, province })));
    await prisma.$transaction([
      ...stages.map((stage) => {
        const data = {
          name: stage.name,
          period: stage.period,
          startsOn: dateOrNull(stage.startsOn),
          endsOn: dateOrNull(stage.endsOn),
        };
        return prisma.stage.upsert({ where: { number: stage.number }, create: { number: stage.number, ...data }, update: data });
      }),
      ...stageProvinces.map(({ stage, province }) => {
        const data = { venueCity: province.venueCity, participantQuota: participantsPerProvince };
        return prisma.stageProvince.upsert({
          where: { stageNumber_provinceCode: { stageNumber: stage.number, provinceCode: province.code } },
          create: { stageNumber: stage.number, provinceCode: province.code, ...data },
          update: data,
        });
      }),
      ...curriculumModules.map((module) =>
        prisma.curriculumModule.upsert({ where: { number: module.number }, create: module, update: module }),
      ),
    ]);
    return stages.length + stageProvinces.length + curriculumModules.length;
  });
}

/** Everything a fresh database needs before it can serve: idempotent, and quick when done. */
export async function loadAllData(prisma: PrismaClient, progress: Progress): Promise<DatasetResult[]> {
  const tree = await loadAreaTree(prisma, progress);
  const reference = await loadProgramReference(prisma);
  return [tree, reference];
}
