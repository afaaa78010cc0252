import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";
import type { Database } from "./database.js";

export type { PrismaClient };

export function createPrismaClient(database: Database): PrismaClient {
  const adapter = new PrismaPg({ connectionString: database.connectionString, max: database.maxPoolSize });
  return new PrismaClient({ adapter });
}
