import DataLoader from "dataloader";
import { reachOf, type Reach } from "../cascade/reach.js";
import { createBreakdownLoaders, type BreakdownLoaders } from "../reports/breakdowns.js";
import type { PrismaClient } from "../db/prisma.js";
import { createRegionLoader, type RegionLoader } from "./region-loader.js";

/** What every resolver gets: the database and per-request batching loaders. */
export interface Context {
  prisma: PrismaClient;
  regions: RegionLoader;
  /** Cascade reach by person id (null for someone a ToT has not certified). */
  reach: DataLoader<string, Reach | null>;
  /** Coverage breakdowns (by institution, by module), one statement per level and filter. */
  breakdowns: BreakdownLoaders;
}

export function createContext(prisma: PrismaClient): Context {
  return {
    prisma,
    regions: createRegionLoader(prisma),
    breakdowns: createBreakdownLoaders(prisma),
    reach: new DataLoader(async (ids) => {
      const reach = await reachOf(prisma, ids);
      return ids.map((id) => reach.get(id) ?? null);
    }),
  };
}
