import { createYoga, type YogaServerInstance } from "graphql-yoga";
import type { PrismaClient } from "../db/prisma.js";
import { createContext, type Context } from "../schema/context.js";
import { schema } from "../schema/index.js";
import { useBodySizeLimit } from "./body-size-limit.js";
import { useCoverageExport } from "./coverage-export.js";
import { useExecutionTimeout } from "./execution-timeout.js";
import { useHealth, type ServerStatus } from "./health.js";
import { defaultHttpOptions, type HttpOptions } from "./http-options.js";
import { maskError } from "./mask-error.js";
import { usePageArgsValidation } from "./page-args-validation.js";
import { useQueryLimits } from "./query-limits.js";
import { useUnsupportedMediaTypeMessage } from "./unsupported-media-type.js";
import { useWriteAccess } from "./write-access.js";

export type GraphQLServer = YogaServerInstance<Record<string, never>, Context>;

export interface GraphQLServerOptions extends Partial<HttpOptions> {
  /** The key that may write (P3PD_ADMIN_KEY); without one, every write is refused. */
  adminKey?: string;
}

/** The GraphQL endpoint (`/graphql`, GraphiQL on GET from a browser) and `/health`. */
export function createGraphQLServer(prisma: PrismaClient, status: ServerStatus, options: GraphQLServerOptions = {}): GraphQLServer {
  const {
    maxBodyBytes = defaultHttpOptions.maxBodyBytes,
    executionTimeoutMs = defaultHttpOptions.executionTimeoutMs,
    corsOrigins = defaultHttpOptions.corsOrigins,
  } = options;
  return createYoga<Record<string, never>, Context>({
    schema,
    context: () => createContext(prisma),
    graphqlEndpoint: "/graphql",
    // Liveness (the process answers); `/health` is readiness (it can serve data).
    healthCheckEndpoint: "/health/live",
    landingPage: false,
    maskedErrors: { maskError },
    // No origin but our own unless configured; Authorization is a header, never a cookie.
    cors: corsOrigins.length > 0 ? { origin: [...corsOrigins], credentials: false } : false,
    maxRequestBodySize: maxBodyBytes,
    // The schema takes no file uploads.
    multipart: false,
    // Batching (a JSON array of operations) stays off, as Yoga's default: one operation, one set of limits.
    batching: false,
    plugins: [
      useHealth(status),
      useCoverageExport(prisma),
      useUnsupportedMediaTypeMessage(),
      useBodySizeLimit(maxBodyBytes),
      // Paging arguments first, so a bad page size is named as such rather than as a cost.
      usePageArgsValidation(),
      useQueryLimits(),
      useWriteAccess(options.adminKey),
      useExecutionTimeout(executionTimeoutMs),
    ],
  });
}
