import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";
import type { Database } from "./database.js";

export type { PrismaClient };

export interface PrismaClientOptions {
  /** Called with the SQL of every statement sent (one call per round trip). */
  onQuery?: (sql: string) => void;
}

export function createPrismaClient(database: Database, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: database.connectionString, max: database.maxPoolSize });
  const { onQuery } = options;
  if (!onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  client.$on("query", (event) => onQuery(event.query));
  return client;
}
