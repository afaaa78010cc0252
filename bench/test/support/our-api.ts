import type { PrismaClient } from "../../../packages/server/src/db/prisma.js";
import { createTestApi, testAdminKey } from "../../../packages/server/test/support/graphql-api.js";
import { GraphQLAnswerError, type GraphQLClient } from "../../src/systems/clients.js";

export interface OurApi extends GraphQLClient {
  close(): Promise<void>;
}

/**
 * Our server as the scenarios see it, in process: the real Yoga pipeline over a Prisma client of
 * the caller's (so a test can count its statements), every request with the test admin key.
 */
export function ourApi(prisma?: PrismaClient): OurApi {
  const api = createTestApi(prisma);
  return {
    async request<Data>(query: string, variables?: Record<string, unknown>): Promise<Data> {
      const response = await api.query<Data>(query, variables);
      if (response.errors?.length) throw new GraphQLAnswerError(response.errors[0]?.message ?? "GraphQL error");
      if (response.data === undefined || response.data === null) throw new GraphQLAnswerError("an answer without data");
      return response.data;
    },
    async getText(pathAndQuery: string): Promise<string> {
      const response = await api.fetch(pathAndQuery, { headers: { authorization: `Bearer ${testAdminKey}` } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`GET ${pathAndQuery}: HTTP ${response.status}: ${body.slice(0, 200)}`);
      return body;
    },
    close: () => api.close(),
  };
}
