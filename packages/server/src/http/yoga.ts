import { createYoga, type YogaServerInstance } from "graphql-yoga";
import type { PrismaClient } from "../db/prisma.js";
import { createContext, type Context } from "../schema/context.js";
import { schema } from "../schema/index.js";
import { useCoverageExport } from "./coverage-export.js";
import { useHealth, type ServerStatus } from "./health.js";
import { maskError } from "./mask-error.js";
import { usePageArgsValidation } from "./page-args-validation.js";
import { useWriteAccess } from "./write-access.js";

export type GraphQLServer = YogaServerInstance<Record<string, never>, Context>;

export interface GraphQLServerOptions {
  /** The key that may write (P3PD_ADMIN_KEY); without one, every write is refused. */
  adminKey?: string;
}

/** The GraphQL endpoint (`/graphql`, GraphiQL on GET from a browser) and `/health`. */
export function createGraphQLServer(prisma: PrismaClient, status: ServerStatus, options: GraphQLServerOptions = {}): GraphQLServer {
  return createYoga<Record<string, never>, Context>({
    schema,
    context: () => createContext(prisma),
    graphqlEndpoint: "/graphql",
    // Liveness (the process answers); `/health` is readiness (it can serve data).
    healthCheckEndpoint: "/health/live",
    landingPage: false,
    maskedErrors: { maskError },
    plugins: [useHealth(status), useCoverageExport(prisma), usePageArgsValidation(), useWriteAccess(options.adminKey)],
  });
}
