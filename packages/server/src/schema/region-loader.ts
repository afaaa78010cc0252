import DataLoader from "dataloader";
import type { PrismaClient } from "../db/prisma.js";
import { levelOfCode, type RegionLevel } from "./region-codes.js";
import { regionTable, type RegionRow } from "./region-queries.js";

export type RegionLoader = DataLoader<string, RegionRow | null>;

/**
 * Regions by code, batched per request: all the parents and ancestors asked for while resolving
 * one level of a response cost one query per region level, not one per row.
 */
export function createRegionLoader(prisma: PrismaClient): RegionLoader {
  return new DataLoader(async (codes) => {
    const byLevel = new Map<RegionLevel, string[]>();
    for (const code of codes) {
      const level = levelOfCode(code);
      if (!level) continue;
      const levelCodes = byLevel.get(level);
      if (levelCodes) levelCodes.push(code);
      else byLevel.set(level, [code]);
    }
    const rows = await Promise.all(
      [...byLevel].map(([level, levelCodes]) => regionTable(prisma, level).findMany({ where: { code: { in: levelCodes } } })),
    );
    const byCode = new Map(rows.flat().map((row) => [row.code, row]));
    return codes.map((code) => byCode.get(code) ?? null);
  });
}
