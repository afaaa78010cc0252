import type { GraphQLFormattedError } from "graphql";
import { createGraphQLServer } from "../../src/http/yoga.js";
import type { PrismaClient } from "../../src/db/prisma.js";
import { sharedPrisma } from "./shared-database.js";

export interface GraphQLResponse<Data = Record<string, unknown>> {
  data?: Data | null;
  errors?: GraphQLFormattedError[];
}

export interface TestApi {
  prisma: PrismaClient;
  /** Posts a GraphQL request through the real Yoga pipeline (no socket) and returns its JSON. */
  query<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<Data>>;
  close(): Promise<void>;
}

export function createTestApi(prisma: PrismaClient = sharedPrisma()): TestApi {
  const yoga = createGraphQLServer(prisma, { phase: "ready", checkDatabase: async () => true });
  return {
    prisma,
    async query<Data>(query: string, variables?: Record<string, unknown>) {
      const response = await yoga.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<Data>;
    },
    close: () => prisma.$disconnect(),
  };
}
