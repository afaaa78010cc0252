import type { PrismaClient } from "../db/prisma.js";
import { createRegionLoader, type RegionLoader } from "./region-loader.js";

/** What every resolver gets: the database and per-request batching loaders. */
export interface Context {
  prisma: PrismaClient;
  regions: RegionLoader;
}

export function createContext(prisma: PrismaClient): Context {
  return { prisma, regions: createRegionLoader(prisma) };
}
