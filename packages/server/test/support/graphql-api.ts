import type { GraphQLFormattedError } from "graphql";
import { createGraphQLServer } from "../../src/http/yoga.js";
import type { PrismaClient } from "../../src/db/prisma.js";
import { sharedPrisma, testAdminKey, unlimitedRates } from "./shared-database.js";

export interface GraphQLResponse<Data = Record<string, unknown>> {
  data?: Data | null;
  errors?: GraphQLFormattedError[];
  extensions?: { rateLimit?: { cost: number; limit: number; remaining: number; resetAt: string } } & Record<string, unknown>;
}

export { testAdminKey };

export interface TestApi {
  prisma: PrismaClient;
  /**
   * Posts a GraphQL request through the real Yoga pipeline (no socket) and returns its JSON.
   * Sent with the admin key unless `apiKey` says otherwise (null: no Authorization header).
   */
  query<Data = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { apiKey?: string | null },
  ): Promise<GraphQLResponse<Data>>;
  /** A raw request through the same pipeline, for status codes and headers. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export function createTestApi(prisma: PrismaClient = sharedPrisma()): TestApi {
  const yoga = createGraphQLServer(prisma, { phase: "ready", checkDatabase: async () => true }, { adminKey: testAdminKey, ...unlimitedRates });
  return {
    prisma,
    async query<Data>(query: string, variables?: Record<string, unknown>, options: { apiKey?: string | null } = {}) {
      const apiKey = options.apiKey === undefined ? testAdminKey : options.apiKey;
      const response = await yoga.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<Data>;
    },
    fetch: async (path, init = {}) => yoga.fetch(`http://localhost${path}`, init),
    close: () => prisma.$disconnect(),
  };
}
