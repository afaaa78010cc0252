import { randomUUID } from "node:crypto";
import { createServerAdapter, getCORSHeadersByRequestAndOptions, type CORSOptions, type ServerAdapter, type ServerAdapterBaseObject } from "@whatwg-node/server";
import type { Caller } from "../access/caller.js";
import { isDatabaseUnavailable } from "../db/unavailable.js";
import type { Logger } from "../observability/logger.js";
import type { ServerMetrics } from "../observability/metrics.js";
import { runWithRequestRecord, type RequestRecord } from "../observability/request-context.js";
import { databaseUnavailableResponse } from "./database-unavailable.js";
import { errorResponse } from "./error-response.js";

/** The server context Node's adapter hands every request (its IncomingMessage and ServerResponse among it). */
export type EdgeServerContext = Record<string, unknown>;

/** What the edge wraps: the Yoga server, answering one request. */
export type RequestHandler = (request: Request, serverContext: EdgeServerContext) => Response | Promise<Response>;

export type HttpEdge = ServerAdapter<EdgeServerContext, ServerAdapterBaseObject<EdgeServerContext>>;

export interface EdgeOptions {
  logger: Logger;
  /** Counted only when /metrics is served. */
  metrics?: ServerMetrics;
  /** Yoga's CORS settings, for the answers the edge gives itself, which Yoga never sees. */
  cors: CORSOptions;
  /** Who sent a request, once authentication has read its key. */
  callerOf(request: Request): Caller | undefined;
}

/** An incoming X-Request-Id is kept when it looks like an id (a UUID, a proxy's trace id), else replaced. */
const saneRequestId = /^[\w.:=+/-]{1,128}$/;

export function requestIdOf(request: Request): string {
  const incoming = request.headers.get("x-request-id");
  return incoming !== null && saneRequestId.test(incoming) ? incoming : randomUUID();
}

/** The paths metrics name; any other is "other", so that made-up paths add no series. */
const routes = new Set(["/graphql", "/health", "/health/live", "/metrics", "/export/coverage.csv", "/export/coverage.xlsx"]);

const outcomeOfStatus = (status: number) => (status < 400 ? "ok" : status < 500 ? "client_error" : "server_error");

/**
 * The outermost layer of every request, around everything Yoga runs (every plugin's hooks, every
 * route): it gives the request its id (X-Request-Id, in the response and on every log line written
 * meanwhile), answers any error that escapes as GraphQL answers its own — INTERNAL_SERVER_ERROR,
 * "Unexpected error.", or DATABASE_UNAVAILABLE for an outage — in the media type the request
 * accepts, logging it rather than sending it, and writes one log line and the metrics of each
 * request. Left to the HTTP adapter, an error thrown in a request hook would be answered 500 with
 * its stack (a Prisma error: its SQL and the server's file paths).
 */
export function createHttpEdge(handle: RequestHandler, options: EdgeOptions): HttpEdge {
  const { logger, metrics } = options;

  async function answer(request: Request, serverContext: EdgeServerContext, record: RequestRecord): Promise<Response> {
    try {
      return await handle(request, serverContext);
    } catch (error) {
      // With the CORS headers Yoga gives its own answers: a script of an allowed origin reads
      // this one too (a 503's Retry-After, the error's code), as it reads a 401 or a 429.
      const response = answerToEscapedError(error, request.headers.get("accept"), record);
      for (const [name, value] of Object.entries(getCORSHeadersByRequestAndOptions(request, options.cors) ?? {})) response.headers.set(name, value);
      return response;
    }
  }

  function answerToEscapedError(error: unknown, accept: string | null, record: RequestRecord): Response {
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error }, "Database unavailable");
      record.outcome = "DATABASE_UNAVAILABLE";
      return databaseUnavailableResponse(accept);
    }
    logger.error({ err: error }, "Unexpected error");
    record.outcome = "INTERNAL_SERVER_ERROR";
    return errorResponse(500, "Unexpected error.", "INTERNAL_SERVER_ERROR", {}, accept);
  }

  function finish(request: Request, response: Response, record: RequestRecord, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    const pathname = new URL(request.url).pathname;
    // Only the paths the server serves are written down: any other may carry anything.
    const route = routes.has(pathname) ? pathname : "other";
    const caller = options.callerOf(request);
    logger.info(
      {
        method: request.method,
        path: route,
        ...(record.operation !== undefined ? { operation: record.operation } : {}),
        status: response.status,
        durationMs: Math.round(seconds * 1e4) / 10,
        ...(caller ? { role: caller.role, ...("prefix" in caller ? { keyPrefix: caller.prefix } : {}) } : {}),
      },
      "request",
    );
    metrics?.observeRequest({
      route,
      operation: record.operation ?? "",
      outcome: record.outcome ?? outcomeOfStatus(response.status),
      status: response.status,
      seconds,
      caller: caller === undefined ? "none" : caller.role === "ANONYMOUS" ? "anonymous" : "key",
    });
  }

  return createServerAdapter<EdgeServerContext>((request, serverContext) => {
    const started = performance.now();
    const record: RequestRecord = { id: requestIdOf(request) };
    return runWithRequestRecord(record, async () => {
      const response = await answer(request, serverContext, record);
      response.headers.set("x-request-id", record.id);
      finish(request, response, record, started);
      return response;
    });
  });
}
