import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { poolUseOf, type PrismaClient } from "../db/prisma.js";
import { reportCacheCounts } from "../reports/report-cache.js";

/** One answered request, as the metrics count it. */
export interface RequestObservation {
  /** The path, when it is one the server serves; "other" for any other, so paths cannot multiply series. */
  route: string;
  /** The GraphQL operation's name ("anonymous" for an unnamed one), "" for a request that ran none. */
  operation: string;
  /** "ok" or the error code of the answer (RATE_LIMITED, BAD_USER_INPUT, INTERNAL_SERVER_ERROR, …). */
  outcome: string;
  status: number;
  seconds: number;
  /** Whether a refused request came from a key or from an address without one. */
  caller: "key" | "anonymous" | "none";
}

export interface ServerMetrics {
  readonly registry: Registry;
  observeRequest(observation: RequestObservation): void;
}

/**
 * Operation names come from clients, so each would be a new series: the first `maxOperationNames`
 * distinct names are counted under their own name and any later one under "other". The SDK's
 * curated operations and a partner's own fit well within it.
 */
const maxOperationNames = 200;

/** Latency buckets in seconds: a lookup takes milliseconds, a cold national report about a second, the timeout is 10 s. */
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The server's Prometheus metrics, in a registry of its own (so that several servers in one
 * process, as in the tests, count apart): requests by route, operation and outcome, their
 * latency, rate-limit refusals, the report cache's hits and misses, the database pool's use, and
 * Node's process metrics.
 */
export function createMetrics(prisma: PrismaClient): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "p3pd_" });
  const requests = new Counter({
    name: "p3pd_requests_total",
    help: "Requests answered, by route, GraphQL operation name, outcome (ok or the error code) and HTTP status.",
    labelNames: ["route", "operation", "outcome", "status"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "p3pd_request_duration_seconds",
    help: "Time from a request's arrival to its response head, by route and GraphQL operation name.",
    labelNames: ["route", "operation"],
    buckets: latencyBuckets,
    registers: [registry],
  });
  const refusals = new Counter({
    name: "p3pd_rate_limit_refusals_total",
    help: "Requests refused with 429 because the caller's rate-limit window was spent, by route and caller kind (key or anonymous).",
    labelNames: ["route", "caller"],
    registers: [registry],
  });
  new Counter({
    name: "p3pd_report_cache_lookups_total",
    help: "Report computations asked of the per-process report cache, by result (hit or miss).",
    labelNames: ["result"],
    registers: [registry],
    collect() {
      const { hits, misses } = reportCacheCounts(prisma);
      this.reset();
      this.inc({ result: "hit" }, hits);
      this.inc({ result: "miss" }, misses);
    },
  });
  new Gauge({
    name: "p3pd_db_pool_connections",
    help: "The database pool's connections by state (open, idle, max) and the callers waiting for one (waiting).",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const use = poolUseOf(prisma);
      if (!use) return;
      for (const state of ["open", "idle", "waiting", "max"] as const) this.set({ state }, use[state]);
    },
  });
  const operationNames = new Set<string>();
  const operationLabel = (name: string) => {
    if (name === "" || operationNames.has(name)) return name;
    if (operationNames.size >= maxOperationNames) return "other";
    operationNames.add(name);
    return name;
  };
  return {
    registry,
    observeRequest({ route, operation, outcome, status, seconds, caller }) {
      const labelled = operationLabel(operation);
      requests.inc({ route, operation: labelled, outcome, status: String(status) });
      latency.observe({ route, operation: labelled }, seconds);
      if (status === 429) refusals.inc({ route, caller });
    },
  };
}
