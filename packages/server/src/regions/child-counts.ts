import DataLoader from "dataloader";
import type { PrismaClient } from "../db/prisma.js";
import type { RegionLevel } from "./codes.js";
import { nameSearch } from "./queries.js";

/** The levels that have a parent, whose children a connection lists. */
export type ChildLevel = Exclude<RegionLevel, "PROVINCE">;

export interface MatchingChildren {
  level: ChildLevel;
  parentCode: string;
  /** Case-insensitive substring of the name (unfiltered, a connection takes the count stored on its parent row). */
  search: string;
}

/** How many children of each parent have a name containing `search`, in one statement. */
async function countMatching(prisma: PrismaClient, level: ChildLevel, parentCodes: string[], search: string): Promise<Map<string, number>> {
  const matching = nameSearch(search);
  const count = { _all: true } as const;
  switch (level) {
    case "KABUPATEN": {
      const groups = await prisma.kabupaten.groupBy({ by: ["provinceCode"], where: { ...matching, provinceCode: { in: parentCodes } }, _count: count });
      return new Map(groups.map((group) => [group.provinceCode, group._count._all]));
    }
    case "KECAMATAN": {
      const groups = await prisma.kecamatan.groupBy({ by: ["kabupatenCode"], where: { ...matching, kabupatenCode: { in: parentCodes } }, _count: count });
      return new Map(groups.map((group) => [group.kabupatenCode, group._count._all]));
    }
    case "VILLAGE": {
      const groups = await prisma.village.groupBy({ by: ["kecamatanCode"], where: { ...matching, kecamatanCode: { in: parentCodes } }, _count: count });
      return new Map(groups.map((group) => [group.kecamatanCode, group._count._all]));
    }
  }
}

const keyOf = ({ level, parentCode, search }: MatchingChildren) => JSON.stringify([level, search, parentCode]);

/**
 * Children of a parent whose names match a search, counted per request in one statement per
 * level and search however many parents ask: a nested connection filtered by name must not cost
 * a count per row. (Unfiltered, a connection's total is the count stored on its parent row.)
 */
export type MatchingChildrenLoader = DataLoader<MatchingChildren, number, string>;

export function createMatchingChildrenLoader(prisma: PrismaClient): MatchingChildrenLoader {
  return new DataLoader(
    async (keys) => {
      const batches = new Map<string, { level: ChildLevel; search: string; parentCodes: string[] }>();
      for (const { level, parentCode, search } of keys) {
        const batchKey = JSON.stringify([level, search]);
        const batch = batches.get(batchKey) ?? { level, search, parentCodes: [] };
        batch.parentCodes.push(parentCode);
        batches.set(batchKey, batch);
      }
      const counts = new Map<string, number>();
      await Promise.all(
        [...batches.values()].map(async ({ level, search, parentCodes }) => {
          const matching = await countMatching(prisma, level, parentCodes, search);
          for (const parentCode of parentCodes) counts.set(keyOf({ level, parentCode, search }), matching.get(parentCode) ?? 0);
        }),
      );
      return keys.map((key) => counts.get(keyOf(key)) ?? 0);
    },
    { cacheKeyFn: keyOf },
  );
}
