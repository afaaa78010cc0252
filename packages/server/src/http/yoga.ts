import { createYoga, type CORSOptions } from "graphql-yoga";
import { createAuthenticator } from "../access/authenticate.js";
import { RateLimitLeases } from "../access/rate-limit-leases.js";
import { isKeyCaller } from "../access/caller.js";
import type { PrismaClient } from "../db/prisma.js";
import { RequestCallers, useAuthentication } from "./authentication.js";
import { createContext, type Context } from "../schema/context.js";
import { schema } from "../schema/index.js";
import { silentLogger, type Logger } from "../observability/logger.js";
import { createMetrics } from "../observability/metrics.js";
import { useBodySizeLimit } from "./body-size-limit.js";
import { clientAddressResolver } from "./client-address.js";
import { useCompiledExecution } from "./compiled-execution.js";
import { useCoverageExport } from "./coverage-export.js";
import { createHttpEdge, type EdgeServerContext, type HttpEdge } from "./edge.js";
import { useExecutionTimeout } from "./execution-timeout.js";
import { localGraphiQLRenderer } from "./graphiql.js";
import { useHealth, type ServerStatus } from "./health.js";
import { defaultHttpOptions, type HttpOptions } from "./http-options.js";
import { useArgumentValidation } from "./argument-validation.js";
import { createErrorMasker } from "./mask-error.js";
import { useMetricsEndpoint } from "./metrics-endpoint.js";
import { useOperationRecord } from "./operation-record.js";
import { usePersistedOperations, type ArbitraryOperationsPolicy } from "./persisted-operations.js";
import { useQueryLimits } from "./query-limits.js";
import { rateLimitHeaderNames, RequestCharges, useRateLimit } from "./rate-limit.js";
import { useUnsupportedMediaTypeMessage } from "./unsupported-media-type.js";

export type GraphQLServer = HttpEdge;

export interface GraphQLServerOptions extends Partial<HttpOptions> {
  /** The bootstrap ADMIN key (P3PD_ADMIN_KEY), which needs no row in the key table. */
  adminKey?: string;
  /** Whether a request may send a document's text rather than a persisted operation's hash (default: every request may). */
  allowArbitraryOperations?: ArbitraryOperationsPolicy;
  /** Where the request lines and errors are logged; default: nowhere. */
  logger?: Logger;
}

/** The GraphQL endpoint (`/graphql`, GraphiQL on GET from a browser), `/health`, the exports and `/metrics`, behind the HTTP edge (edge.ts). */
export function createGraphQLServer(prisma: PrismaClient, status: ServerStatus, options: GraphQLServerOptions = {}): GraphQLServer {
  const {
    maxBodyBytes = defaultHttpOptions.maxBodyBytes,
    executionTimeoutMs = defaultHttpOptions.executionTimeoutMs,
    corsOrigins = defaultHttpOptions.corsOrigins,
    rateLimitKeyPoints = defaultHttpOptions.rateLimitKeyPoints,
    rateLimitAnonymousPoints = defaultHttpOptions.rateLimitAnonymousPoints,
    rateLimitWindowSeconds = defaultHttpOptions.rateLimitWindowSeconds,
    trustedProxies = defaultHttpOptions.trustedProxies,
    metricsToken = defaultHttpOptions.metricsToken,
    logger = silentLogger,
  } = options;
  const callers = new RequestCallers();
  const rateLimit = { rateLimitKeyPoints, rateLimitAnonymousPoints, rateLimitWindowSeconds };
  // One book of leases per server: the GraphQL operations and the exports charge the same windows.
  const leases = new RateLimitLeases(prisma);
  const charges = new RequestCharges(leases, callers, rateLimit);
  // Counted only when someone may read them.
  const metrics = metricsToken === undefined ? undefined : createMetrics(prisma);
  const metricsEndpoint = metrics && metricsToken !== undefined ? [useMetricsEndpoint(metrics, metricsToken)] : [];
  // No origin but our own unless configured; Authorization is a header, never a cookie. A
  // browser reads only the response headers listed as exposed: a partner app needs its rate
  // limit, when to retry and the request id to quote in a support request.
  const cors: CORSOptions = corsOrigins.length > 0 ? { origin: [...corsOrigins], credentials: false, exposedHeaders: [...rateLimitHeaderNames, "X-Request-Id"] } : false;
  const yoga = createYoga<EdgeServerContext, Context>({
    schema,
    context: ({ request }) => createContext(prisma, callers.of(request), { surcharge: (points) => charges.surcharge(request, points) }),
    graphqlEndpoint: "/graphql",
    // Liveness (the process answers); `/health` is readiness (it can serve data).
    healthCheckEndpoint: "/health/live",
    landingPage: false,
    graphiql: { title: "P3PD Training Graph" },
    // Every asset of the page is served from this process: nothing is fetched from another host.
    renderGraphiQL: localGraphiQLRenderer(),
    maskedErrors: { maskError: createErrorMasker(logger) },
    // Yoga logs only debug lines and the errors it masks, which the masker logs itself (with less).
    logging: false,
    cors,
    // useBodySizeLimit enforces the limit, more cheaply than Yoga does (see there).
    maxRequestBodySize: false,
    // The schema takes no file uploads.
    multipart: false,
    // Batching (a JSON array of operations) stays off, as Yoga's default: one operation, one set of limits.
    batching: false,
    plugins: [
      ...metricsEndpoint,
      useHealth(status),
      useAuthentication(createAuthenticator(prisma, options.adminKey), callers, clientAddressResolver(trustedProxies)),
      useCoverageExport(prisma, leases, callers, rateLimit),
      useUnsupportedMediaTypeMessage(),
      useBodySizeLimit(maxBodyBytes),
      // A hash becomes its operation's text here, before parsing: every check below applies to it.
      ...usePersistedOperations(async (request) => {
        // A key marked persisted-only (p3pd keys create --persisted-only) may run curated operations only.
        const caller = callers.of(request);
        if (isKeyCaller(caller) && caller.persistedOnly) return false;
        return options.allowArbitraryOperations ? options.allowArbitraryOperations(request) : true;
      }),
      useOperationRecord(),
      // Arguments first, so a bad page size or string is named as such rather than as a cost.
      useArgumentValidation(),
      useQueryLimits(),
      useRateLimit(charges),
      // Before the timeout, which wraps whatever executor it is given.
      useCompiledExecution(),
      useExecutionTimeout(executionTimeoutMs),
    ],
  });
  return createHttpEdge((request, serverContext) => yoga.handleRequest(request, serverContext), {
    logger,
    metrics,
    cors,
    callerOf: (request) => callers.find(request),
  });
}
